import CFapiaoProto

/// Final status of a call, the payload of a STATUS frame
/// (`fapiao.wire.v1.CallStatus`).
public struct CallStatus: Sendable, Equatable, Error, CustomStringConvertible {
    /// A typed detail, as in google.rpc.Status details.
    public struct Detail: Sendable, Equatable {
        public var typeURL: String
        public var value: [UInt8]

        public init(typeURL: String, value: [UInt8]) {
            self.typeURL = typeURL
            self.value = value
        }
    }

    public var code: StatusCode
    public var message: String
    public var details: [Detail]
    public var trailers: Metadata

    public init(
        code: StatusCode, message: String = "", details: [Detail] = [],
        trailers: Metadata = Metadata()
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.trailers = trailers
    }

    public static let ok = CallStatus(code: .ok)

    public var description: String {
        message.isEmpty ? code.name : "\(code.name): \(message)"
    }

    /// Returns the protobuf encoding.
    public func encoded() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var status = Fapiao__Wire__V1__CallStatus()
        fapiao__wire__v1__call_status__init(&status)
        status.code = code.rawValue
        status.message = arena.string(message)
        let detailPointers = details.map { detail in
            arena.message(Fapiao__Wire__V1__StatusDetail.self) { pointer in
                fapiao__wire__v1__status_detail__init(pointer)
                pointer.pointee.type_url = arena.string(detail.typeURL)
                pointer.pointee.value = arena.bytes(detail.value)
            }
        }
        status.n_details = details.count
        status.details = arena.pointerArray(detailPointers)
        status.n_trailers = trailers.entries.count
        status.trailers = trailers.protobufEntries(in: arena)
        return withUnsafePointer(to: &status) { pointer in
            packProtobuf(
                pointer, size: fapiao__wire__v1__call_status__get_packed_size,
                pack: fapiao__wire__v1__call_status__pack)
        }
    }

    /// Parses a STATUS payload.
    ///
    /// - Throws: `ProtobufDecodingError` when the bytes are not a CallStatus.
    public static func decode(_ bytes: [UInt8]) throws -> CallStatus {
        try withUnpackedProtobuf(
            bytes, messageName: "fapiao.wire.v1.CallStatus",
            unpack: { fapiao__wire__v1__call_status__unpack(nil, $0, $1) },
            free: { fapiao__wire__v1__call_status__free_unpacked($0, nil) }
        ) { status in
            let details = ProtobufField.array(
                status.pointee.details, count: status.pointee.n_details
            )
            .map { detail in
                Detail(
                    typeURL: ProtobufField.string(detail.pointee.type_url),
                    value: ProtobufField.bytes(detail.pointee.value))
            }
            return CallStatus(
                code: .fromWire(status.pointee.code),
                message: ProtobufField.string(status.pointee.message),
                details: details,
                trailers: Metadata(
                    protobufEntries: status.pointee.trailers, count: status.pointee.n_trailers))
        }
    }
}
