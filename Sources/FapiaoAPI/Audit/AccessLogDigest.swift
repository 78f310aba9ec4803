import CFapiaoProto
import FapiaoWire

/// A signed seal over the entries with seal sequences `firstSealSequence`
/// through `lastSealSequence` of one tenant, chained to the tenant's previous
/// digest (`fapiao.audit.v1.Digest`).
public struct AccessLogDigest: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.Digest"

    public var tenantID: String
    /// Position among the tenant's digests: 1, 2, 3, … without gaps.
    public var digestSequence: UInt64
    public var firstSealSequence: UInt64
    public var lastSealSequence: UInt64
    /// Hex SHA-256 over the concatenated 32-byte entry hashes in seal order.
    public var entriesHash: String
    /// Hex `digestHash` of the digest numbered `digestSequence - 1`, or 64
    /// zeros for the first digest.
    public var previousDigestHash: String
    /// Hex SHA-256 of the digest's canonical encoding.
    public var digestHash: String
    /// Hex Ed25519 signature of the digest's canonical encoding.
    public var signature: String
    /// Id of the signing key: the first 16 hex digits of the SHA-256 of its
    /// DER public key.
    public var keyID: String
    /// RFC 3339 time in UTC.
    public var createdAt: String

    public init(
        tenantID: String = "", digestSequence: UInt64 = 0, firstSealSequence: UInt64 = 0,
        lastSealSequence: UInt64 = 0, entriesHash: String = "", previousDigestHash: String = "",
        digestHash: String = "", signature: String = "", keyID: String = "",
        createdAt: String = ""
    ) {
        self.tenantID = tenantID
        self.digestSequence = digestSequence
        self.firstSealSequence = firstSealSequence
        self.lastSealSequence = lastSealSequence
        self.entriesHash = entriesHash
        self.previousDigestHash = previousDigestHash
        self.digestHash = digestHash
        self.signature = signature
        self.keyID = keyID
        self.createdAt = createdAt
    }

    static let jsonFields = [
        "tenantId", "digestSequence", "firstSealSequence", "lastSealSequence", "entriesHash",
        "previousDigestHash", "digestHash", "signature", "keyId", "createdAt",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: AccessLogDigest.protobufName,
            fields: AccessLogDigest.jsonFields)
        tenantID = try json.string("tenantId")
        digestSequence = try json.integer("digestSequence")
        firstSealSequence = try json.integer("firstSealSequence")
        lastSealSequence = try json.integer("lastSealSequence")
        entriesHash = try json.string("entriesHash")
        previousDigestHash = try json.string("previousDigestHash")
        digestHash = try json.string("digestHash")
        signature = try json.string("signature")
        keyID = try json.string("keyId")
        createdAt = try json.string("createdAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("tenantId", tenantID)
        try json.integer64("digestSequence", digestSequence)
        try json.integer64("firstSealSequence", firstSealSequence)
        try json.integer64("lastSealSequence", lastSealSequence)
        try json.string("entriesHash", entriesHash)
        try json.string("previousDigestHash", previousDigestHash)
        try json.string("digestHash", digestHash)
        try json.string("signature", signature)
        try json.string("keyId", keyID)
        try json.string("createdAt", createdAt)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: AccessLogDigest.protobufName,
            unpack: { fapiao__audit__v1__digest__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__digest__free_unpacked($0, nil) }
        ) { AccessLogDigest(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__audit__v1__digest__get_packed_size,
            pack: fapiao__audit__v1__digest__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Audit__V1__Digest> {
        arena.message(Fapiao__Audit__V1__Digest.self) { pointer in
            fapiao__audit__v1__digest__init(pointer)
            pointer.pointee.tenant_id = arena.string(tenantID)
            pointer.pointee.digest_sequence = digestSequence
            pointer.pointee.first_seal_sequence = firstSealSequence
            pointer.pointee.last_seal_sequence = lastSealSequence
            pointer.pointee.entries_hash = arena.string(entriesHash)
            pointer.pointee.previous_digest_hash = arena.string(previousDigestHash)
            pointer.pointee.digest_hash = arena.string(digestHash)
            pointer.pointee.signature = arena.string(signature)
            pointer.pointee.key_id = arena.string(keyID)
            pointer.pointee.created_at = arena.string(createdAt)
        }
    }

    init(protobuf digest: Fapiao__Audit__V1__Digest) {
        tenantID = ProtobufField.string(digest.tenant_id)
        digestSequence = digest.digest_sequence
        firstSealSequence = digest.first_seal_sequence
        lastSealSequence = digest.last_seal_sequence
        entriesHash = ProtobufField.string(digest.entries_hash)
        previousDigestHash = ProtobufField.string(digest.previous_digest_hash)
        digestHash = ProtobufField.string(digest.digest_hash)
        signature = ProtobufField.string(digest.signature)
        keyID = ProtobufField.string(digest.key_id)
        createdAt = ProtobufField.string(digest.created_at)
    }
}
