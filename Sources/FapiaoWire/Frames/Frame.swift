/// One frame of the fapiao wire protocol v1.
///
/// On the wire a frame is a 10-byte header followed by `payload`:
/// payload length (UInt32, big-endian), type (UInt8), flags (UInt8), call id
/// (UInt32, big-endian).
public struct Frame: Sendable, Equatable {
    /// Size of the fixed frame header in bytes.
    public static let headerSize = 10

    public var type: FrameType
    public var flags: FrameFlags
    /// Id of the call the frame belongs to; 0 for connection-level frames.
    public var callID: UInt32
    public var payload: [UInt8]

    public init(type: FrameType, flags: FrameFlags = [], callID: UInt32, payload: [UInt8] = []) {
        self.type = type
        self.flags = flags
        self.callID = callID
        self.payload = payload
    }

    /// Appends the encoded frame to `buffer`.
    public func encode(into buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + Frame.headerSize + payload.count)
        Frame.appendHeader(
            into: &buffer, payloadLength: UInt32(payload.count), type: type.rawValue,
            flags: flags.rawValue, callID: callID)
        buffer.append(contentsOf: payload)
    }

    /// Returns the encoded frame.
    public func encoded() -> [UInt8] {
        var buffer: [UInt8] = []
        encode(into: &buffer)
        return buffer
    }

    /// Appends a raw frame header; tests use it to build malformed frames.
    public static func appendHeader(
        into buffer: inout [UInt8], payloadLength: UInt32, type: UInt8, flags: UInt8,
        callID: UInt32
    ) {
        appendBigEndian(payloadLength, to: &buffer)
        buffer.append(type)
        buffer.append(flags)
        appendBigEndian(callID, to: &buffer)
    }

    private static func appendBigEndian(_ value: UInt32, to buffer: inout [UInt8]) {
        buffer.append(UInt8(truncatingIfNeeded: value >> 24))
        buffer.append(UInt8(truncatingIfNeeded: value >> 16))
        buffer.append(UInt8(truncatingIfNeeded: value >> 8))
        buffer.append(UInt8(truncatingIfNeeded: value))
    }
}

extension Frame: CustomStringConvertible {
    public var description: String {
        "\(type) call=\(callID) flags=0x\(String(flags.rawValue, radix: 16)) payload=\(payload.count)B"
    }
}
