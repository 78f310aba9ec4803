import CFapiaoProto
import FapiaoWire

/// Metadata of an API key, without the key text (`fapiao.iam.v1.ApiKey`).
public struct ApiKey: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ApiKey"

    /// Public key id of 16 hex digits, which is part of the key text.
    public var keyID: String
    public var principalID: String
    /// RFC 3339 time in UTC with microseconds.
    public var createdAt: String
    /// RFC 3339 time, or empty when the key never expires.
    public var expiresAt: String
    /// RFC 3339 time, or empty unless the key is revoked.
    public var revokedAt: String

    public init(
        keyID: String = "", principalID: String = "", createdAt: String = "",
        expiresAt: String = "", revokedAt: String = ""
    ) {
        self.keyID = keyID
        self.principalID = principalID
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ApiKey.protobufName,
            fields: ["keyId", "principalId", "createdAt", "expiresAt", "revokedAt"])
        keyID = try json.string("keyId")
        principalID = try json.string("principalId")
        createdAt = try json.string("createdAt")
        expiresAt = try json.string("expiresAt")
        revokedAt = try json.string("revokedAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("keyId", keyID)
        try json.string("principalId", principalID)
        try json.string("createdAt", createdAt)
        try json.string("expiresAt", expiresAt)
        try json.string("revokedAt", revokedAt)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ApiKey.protobufName,
            unpack: { fapiao__iam__v1__api_key__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__api_key__free_unpacked($0, nil) }
        ) { ApiKey(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__iam__v1__api_key__get_packed_size,
            pack: fapiao__iam__v1__api_key__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Iam__V1__ApiKey> {
        arena.message(Fapiao__Iam__V1__ApiKey.self) { pointer in
            fapiao__iam__v1__api_key__init(pointer)
            pointer.pointee.key_id = arena.string(keyID)
            pointer.pointee.principal_id = arena.string(principalID)
            pointer.pointee.created_at = arena.string(createdAt)
            pointer.pointee.expires_at = arena.string(expiresAt)
            pointer.pointee.revoked_at = arena.string(revokedAt)
        }
    }

    init(protobuf apiKey: Fapiao__Iam__V1__ApiKey) {
        keyID = ProtobufField.string(apiKey.key_id)
        principalID = ProtobufField.string(apiKey.principal_id)
        createdAt = ProtobufField.string(apiKey.created_at)
        expiresAt = ProtobufField.string(apiKey.expires_at)
        revokedAt = ProtobufField.string(apiKey.revoked_at)
    }
}
