import CFapiaoProto

/// Payload of a CALL frame (`fapiao.wire.v1.CallStart`).
public struct CallStart: Sendable, Equatable {
    /// gRPC-form path, `/package.Service/Method`.
    public var method: String
    /// Time allowed for the call in microseconds from its receipt; 0 for no deadline.
    public var timeoutMicroseconds: UInt64
    public var metadata: Metadata

    public init(method: String, timeoutMicroseconds: UInt64 = 0, metadata: Metadata = Metadata()) {
        self.method = method
        self.timeoutMicroseconds = timeoutMicroseconds
        self.metadata = metadata
    }

    /// Returns the protobuf encoding.
    public func encoded() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Wire__V1__CallStart()
        fapiao__wire__v1__call_start__init(&message)
        message.method = arena.string(method)
        message.timeout_micros = timeoutMicroseconds
        message.n_metadata = metadata.entries.count
        message.metadata = metadata.protobufEntries(in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__wire__v1__call_start__get_packed_size,
                pack: fapiao__wire__v1__call_start__pack)
        }
    }

    /// Parses a CALL payload.
    ///
    /// - Throws: `ProtobufDecodingError` when the bytes are not a CallStart.
    public static func decode(_ bytes: [UInt8]) throws -> CallStart {
        try withUnpackedProtobuf(
            bytes, messageName: "fapiao.wire.v1.CallStart",
            unpack: { fapiao__wire__v1__call_start__unpack(nil, $0, $1) },
            free: { fapiao__wire__v1__call_start__free_unpacked($0, nil) }
        ) { message in
            CallStart(
                method: ProtobufField.string(message.pointee.method),
                timeoutMicroseconds: message.pointee.timeout_micros,
                metadata: Metadata(
                    protobufEntries: message.pointee.metadata,
                    count: message.pointee.n_metadata))
        }
    }
}
