import CFapiaoProto
import FapiaoWire

/// Request of `ApiKeyService/RevokeApiKey` (`fapiao.iam.v1.RevokeApiKeyRequest`).
public struct RevokeApiKeyRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.RevokeApiKeyRequest"

    public var keyID: String

    public init(keyID: String = "") {
        self.keyID = keyID
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: RevokeApiKeyRequest.protobufName, fields: ["keyId"])
        keyID = try json.string("keyId")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("keyId", keyID)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: RevokeApiKeyRequest.protobufName,
            unpack: { fapiao__iam__v1__revoke_api_key_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__revoke_api_key_request__free_unpacked($0, nil) }
        ) { pointer in
            RevokeApiKeyRequest(
                keyID: ProtobufField.string(pointer.pointee.key_id))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__RevokeApiKeyRequest()
        fapiao__iam__v1__revoke_api_key_request__init(&message)
        message.key_id = arena.string(keyID)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__revoke_api_key_request__get_packed_size,
                pack: fapiao__iam__v1__revoke_api_key_request__pack)
        }
    }
}
