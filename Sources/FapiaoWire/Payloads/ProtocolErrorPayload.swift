import CFapiaoProto

/// Payload of a PROTOCOL_ERROR frame (`fapiao.wire.v1.ProtocolError`).
public struct ProtocolErrorPayload: Sendable, Equatable {
    /// A `FrameDecodingError.Code` value.
    public var code: UInt32
    public var message: String
    /// Call id of the offending frame, 0 when it had none.
    public var callID: UInt32

    public init(code: UInt32, message: String, callID: UInt32) {
        self.code = code
        self.message = message
        self.callID = callID
    }

    public init(_ error: FrameDecodingError) {
        self.init(code: error.code.rawValue, message: error.message, callID: error.callID)
    }

    /// Returns the protobuf encoding.
    public func encoded() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var payload = Fapiao__Wire__V1__ProtocolError()
        fapiao__wire__v1__protocol_error__init(&payload)
        payload.code = code
        payload.message = arena.string(message)
        payload.call_id = callID
        return withUnsafePointer(to: &payload) { pointer in
            packProtobuf(
                pointer, size: fapiao__wire__v1__protocol_error__get_packed_size,
                pack: fapiao__wire__v1__protocol_error__pack)
        }
    }

    /// Parses a PROTOCOL_ERROR payload.
    ///
    /// - Throws: `ProtobufDecodingError` when the bytes are not a ProtocolError.
    public static func decode(_ bytes: [UInt8]) throws -> ProtocolErrorPayload {
        try withUnpackedProtobuf(
            bytes, messageName: "fapiao.wire.v1.ProtocolError",
            unpack: { fapiao__wire__v1__protocol_error__unpack(nil, $0, $1) },
            free: { fapiao__wire__v1__protocol_error__free_unpacked($0, nil) }
        ) { payload in
            ProtocolErrorPayload(
                code: payload.pointee.code, message: ProtobufField.string(payload.pointee.message),
                callID: payload.pointee.call_id)
        }
    }
}
