import CFapiaoProto
import FapiaoWire

/// Reply of `ApiKeyService/ListApiKeys` (`fapiao.iam.v1.ListApiKeysResponse`).
public struct ListApiKeysResponse: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ListApiKeysResponse"

    public var keys: [ApiKey]

    public init(keys: [ApiKey] = []) {
        self.keys = keys
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListApiKeysResponse.protobufName, fields: ["keys"])
        keys = try json.array(ApiKey.self, "keys")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("keys", keys)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListApiKeysResponse.protobufName,
            unpack: { fapiao__iam__v1__list_api_keys_response__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__list_api_keys_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListApiKeysResponse(
                keys: ProtobufField.array(message.keys, count: message.n_keys).map {
                    ApiKey(protobuf: $0.pointee)
                })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__ListApiKeysResponse()
        fapiao__iam__v1__list_api_keys_response__init(&message)
        message.n_keys = keys.count
        message.keys = arena.pointerArray(keys.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__list_api_keys_response__get_packed_size,
                pack: fapiao__iam__v1__list_api_keys_response__pack)
        }
    }
}
