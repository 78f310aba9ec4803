import CFapiaoProto

/// Payload of a GOAWAY frame (`fapiao.wire.v1.GoAway`).
public struct GoAway: Sendable, Equatable {
    /// Highest call id the server accepted; later calls were not processed.
    public var lastCallID: UInt32
    /// Status that calls above `lastCallID` get, normally UNAVAILABLE.
    public var code: StatusCode
    public var message: String

    public init(lastCallID: UInt32, code: StatusCode = .unavailable, message: String) {
        self.lastCallID = lastCallID
        self.code = code
        self.message = message
    }

    /// Returns the protobuf encoding.
    public func encoded() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var goAway = Fapiao__Wire__V1__GoAway()
        fapiao__wire__v1__go_away__init(&goAway)
        goAway.last_call_id = lastCallID
        goAway.code = code.rawValue
        goAway.message = arena.string(message)
        return withUnsafePointer(to: &goAway) { pointer in
            packProtobuf(
                pointer, size: fapiao__wire__v1__go_away__get_packed_size,
                pack: fapiao__wire__v1__go_away__pack)
        }
    }

    /// Parses a GOAWAY payload.
    ///
    /// - Throws: `ProtobufDecodingError` when the bytes are not a GoAway.
    public static func decode(_ bytes: [UInt8]) throws -> GoAway {
        try withUnpackedProtobuf(
            bytes, messageName: "fapiao.wire.v1.GoAway",
            unpack: { fapiao__wire__v1__go_away__unpack(nil, $0, $1) },
            free: { fapiao__wire__v1__go_away__free_unpacked($0, nil) }
        ) { goAway in
            GoAway(
                lastCallID: goAway.pointee.last_call_id, code: .fromWire(goAway.pointee.code),
                message: ProtobufField.string(goAway.pointee.message))
        }
    }
}
