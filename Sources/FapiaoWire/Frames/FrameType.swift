/// Kind of a frame, the byte at offset 4 of the frame header.
public enum FrameType: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Client to server: opens a call. Payload `fapiao.wire.v1.CallStart`.
    case call = 0x01
    /// Either direction: one protobuf message of a call.
    case message = 0x02
    /// Server to client: the final status of a call. Payload `fapiao.wire.v1.CallStatus`.
    case status = 0x03
    /// Client to server: cancels a call. Empty payload.
    case cancel = 0x04
    /// Either direction, call id 0: liveness check with an 8-byte payload.
    case ping = 0x05
    /// Server to client, call id 0: the server accepts no new calls.
    /// Payload `fapiao.wire.v1.GoAway`.
    case goAway = 0x06
    /// Server to client, call id 0: the connection is about to close because
    /// of a protocol violation. Payload `fapiao.wire.v1.ProtocolError`.
    case protocolError = 0x07

    public var description: String {
        switch self {
        case .call: "CALL"
        case .message: "MESSAGE"
        case .status: "STATUS"
        case .cancel: "CANCEL"
        case .ping: "PING"
        case .goAway: "GOAWAY"
        case .protocolError: "PROTOCOL_ERROR"
        }
    }

    /// Whether frames of this type carry call id 0 rather than a call's id.
    public var isConnectionLevel: Bool {
        switch self {
        case .ping, .goAway, .protocolError: true
        case .call, .message, .status, .cancel: false
        }
    }
}

/// Flag bits, the byte at offset 5 of the frame header. Bits a frame type
/// does not define are sent as zero and ignored on receipt.
public struct FrameFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// On MESSAGE (or CALL) from the client: the client sends no more
    /// request messages on this call.
    public static let endStream = FrameFlags(rawValue: 0x01)
    /// On PING: this frame is the reply (pong) to a PING with the same payload.
    public static let ack = FrameFlags(rawValue: 0x01)
}
