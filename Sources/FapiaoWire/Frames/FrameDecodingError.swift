/// A frame that violates the wire protocol at the framing level. The
/// receiver sends PROTOCOL_ERROR with `code` and closes the connection.
public struct FrameDecodingError: Error, Equatable, CustomStringConvertible {
    /// Values of `fapiao.wire.v1.ProtocolError.code`.
    public enum Code: UInt32, Sendable {
        /// The header names an unknown frame type.
        case unknownFrameType = 1
        /// The call id is 0 where a call's id is needed, or not 0 on a
        /// connection-level frame.
        case invalidCallID = 2
        /// The payload length is wrong for the frame type, or a control
        /// payload does not parse.
        case malformedPayload = 3
        /// The frame is not allowed here: a server-only type from a client,
        /// a frame for a call that was never opened, a reused call id.
        case unexpectedFrame = 4
    }

    public let code: Code
    public let message: String
    /// Call id of the offending frame, 0 when it had none.
    public let callID: UInt32

    public init(code: Code, message: String, callID: UInt32 = 0) {
        self.code = code
        self.message = message
        self.callID = callID
    }

    public var description: String { message }
}
