import CFapiaoProto
import FapiaoWire

/// Reply of `ApiKeyService/CreateApiKey` (`fapiao.iam.v1.CreateApiKeyResponse`).
public struct CreateApiKeyResponse: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.CreateApiKeyResponse"

    public var key: ApiKey?
    /// Key text, returned only in this reply because the server stores a hash.
    public var apiKey: String

    public init(key: ApiKey? = nil, apiKey: String = "") {
        self.key = key
        self.apiKey = apiKey
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: CreateApiKeyResponse.protobufName, fields: ["key", "apiKey"])
        key = try json.message(ApiKey.self, "key")
        apiKey = try json.string("apiKey")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.message("key", key)
        try json.string("apiKey", apiKey)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: CreateApiKeyResponse.protobufName,
            unpack: { fapiao__iam__v1__create_api_key_response__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__create_api_key_response__free_unpacked($0, nil) }
        ) { pointer in
            CreateApiKeyResponse(
                key: pointer.pointee.key.map { ApiKey(protobuf: $0.pointee) },
                apiKey: ProtobufField.string(pointer.pointee.api_key))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__CreateApiKeyResponse()
        fapiao__iam__v1__create_api_key_response__init(&message)
        message.key = key?.protobuf(in: arena)
        message.api_key = arena.string(apiKey)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__create_api_key_response__get_packed_size,
                pack: fapiao__iam__v1__create_api_key_response__pack)
        }
    }
}
