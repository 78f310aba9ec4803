import CFapiaoProto
import FapiaoWire

/// Request of `ApiKeyService/CreateApiKey` (`fapiao.iam.v1.CreateApiKeyRequest`).
public struct CreateApiKeyRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.CreateApiKeyRequest"

    public var principalID: String
    /// RFC 3339 time, or empty for a key that does not expire.
    public var expiresAt: String

    public init(principalID: String = "", expiresAt: String = "") {
        self.principalID = principalID
        self.expiresAt = expiresAt
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: CreateApiKeyRequest.protobufName,
            fields: ["principalId", "expiresAt"])
        principalID = try json.string("principalId")
        expiresAt = try json.string("expiresAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("principalId", principalID)
        try json.string("expiresAt", expiresAt)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: CreateApiKeyRequest.protobufName,
            unpack: { fapiao__iam__v1__create_api_key_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__create_api_key_request__free_unpacked($0, nil) }
        ) { pointer in
            CreateApiKeyRequest(
                principalID: ProtobufField.string(pointer.pointee.principal_id),
                expiresAt: ProtobufField.string(pointer.pointee.expires_at))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__CreateApiKeyRequest()
        fapiao__iam__v1__create_api_key_request__init(&message)
        message.principal_id = arena.string(principalID)
        message.expires_at = arena.string(expiresAt)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__create_api_key_request__get_packed_size,
                pack: fapiao__iam__v1__create_api_key_request__pack)
        }
    }
}
