/// Splits a byte stream into frames, with no I/O of its own.
///
/// Feed received bytes with `append`, then call `next()` until it returns
/// nil. Frames whose payload exceeds `maximumPayloadSize` are not buffered:
/// the decoder reports `.oversized` as soon as the header arrives and then
/// skips the payload bytes as they come, so a peer cannot make it hold more
/// than one maximum-size frame in memory.
public struct FrameDecoder: Sendable {
    /// One result of decoding.
    public enum Event: Sendable, Equatable {
        case frame(Frame)
        /// A frame of `payloadLength` bytes, above the limit, whose payload
        /// the decoder discards.
        case oversized(type: FrameType, flags: FrameFlags, callID: UInt32, payloadLength: UInt32)
    }

    /// Largest payload delivered as a frame, in bytes.
    public let maximumPayloadSize: Int

    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var bytesToSkip = 0

    public init(maximumPayloadSize: Int) {
        precondition(maximumPayloadSize > 0, "maximumPayloadSize must be positive")
        self.maximumPayloadSize = maximumPayloadSize
    }

    /// Bytes received but not yet returned as a frame.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        compactIfUseful()
        buffer.append(contentsOf: bytes)
        skipDiscardedPayload()
    }

    /// Returns the next complete frame or oversize notice, or nil when more
    /// bytes are needed.
    ///
    /// - Throws: `FrameDecodingError` for an unknown frame type, a call id
    ///   that does not fit the type, or a PING whose payload is not 8 bytes.
    ///   The stream cannot be resynchronised after that.
    public mutating func next() throws(FrameDecodingError) -> Event? {
        guard bytesToSkip == 0, bufferedByteCount >= Frame.headerSize else { return nil }
        let header = readHeader(at: readIndex)
        guard let type = FrameType(rawValue: header.type) else {
            throw FrameDecodingError(
                code: .unknownFrameType,
                message: "unknown frame type 0x\(String(header.type, radix: 16))",
                callID: header.callID)
        }
        try FrameDecoder.validate(type: type, callID: header.callID, length: header.length)
        let flags = FrameFlags(rawValue: header.flags)
        let length = Int(header.length)
        if length > maximumPayloadSize {
            readIndex += Frame.headerSize
            bytesToSkip = length
            skipDiscardedPayload()
            return .oversized(
                type: type, flags: flags, callID: header.callID, payloadLength: header.length)
        }
        guard bufferedByteCount >= Frame.headerSize + length else { return nil }
        let start = readIndex + Frame.headerSize
        let payload = Array(buffer[start..<(start + length)])
        readIndex = start + length
        return .frame(Frame(type: type, flags: flags, callID: header.callID, payload: payload))
    }

    private static func validate(
        type: FrameType, callID: UInt32, length: UInt32
    ) throws(FrameDecodingError) {
        if type.isConnectionLevel && callID != 0 {
            throw FrameDecodingError(
                code: .invalidCallID, message: "\(type) frame must have call id 0, got \(callID)",
                callID: callID)
        }
        if !type.isConnectionLevel && callID == 0 {
            throw FrameDecodingError(
                code: .invalidCallID, message: "\(type) frame must have a non-zero call id")
        }
        if type == .ping && length != 8 {
            throw FrameDecodingError(
                code: .malformedPayload,
                message: "PING payload must be 8 bytes, got \(length)")
        }
        if type == .cancel && length != 0 {
            throw FrameDecodingError(
                code: .malformedPayload,
                message: "CANCEL payload must be empty, got \(length) bytes", callID: callID)
        }
    }

    private func readHeader(
        at index: Int
    ) -> (length: UInt32, type: UInt8, flags: UInt8, callID: UInt32) {
        func readUInt32(_ offset: Int) -> UInt32 {
            UInt32(buffer[offset]) << 24 | UInt32(buffer[offset + 1]) << 16
                | UInt32(buffer[offset + 2]) << 8 | UInt32(buffer[offset + 3])
        }
        return (readUInt32(index), buffer[index + 4], buffer[index + 5], readUInt32(index + 6))
    }

    private mutating func skipDiscardedPayload() {
        guard bytesToSkip > 0 else { return }
        let skipped = min(bytesToSkip, bufferedByteCount)
        readIndex += skipped
        bytesToSkip -= skipped
        compactIfUseful()
    }

    /// Drops consumed bytes once they are at least half the buffer, so that
    /// appends stay amortised O(1) and memory stays bounded by the unread data.
    private mutating func compactIfUseful() {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 65_536)
            readIndex = 0
        } else if readIndex > 0 && readIndex * 2 >= buffer.count {
            buffer.removeFirst(readIndex)
            readIndex = 0
        }
    }
}
