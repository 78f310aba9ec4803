/// A signed seal over the entries with seal sequences
/// `firstSealSequence...lastSealSequence` of one tenant, chained to the
/// tenant's previous digest, as `fapiao.audit.v1.Digest` carries it.
public struct AuditDigest: Sendable, Equatable {
    /// Value of the `format` line that starts the canonical text.
    public static let canonicalFormat = "fapiao-access-log-digest-v1"
    /// `previousDigestHash` of digest 1: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    public var tenantID: String
    /// 1, 2, 3, ... per tenant without gaps.
    public var digestSequence: UInt64
    public var firstSealSequence: UInt64
    public var lastSealSequence: UInt64
    /// `entriesHash(_:)` of the sealed entries' hashes, lower-case hex.
    public var entriesHash: String
    /// `digestHash` of digest `digestSequence - 1`, or `genesisHash` for digest 1.
    public var previousDigestHash: String
    /// SHA-256 of `canonicalText`, lower-case hex. Not part of the canonical text.
    public var digestHash: String
    /// Ed25519 signature of `canonicalText`, 64 bytes as lower-case hex. Not
    /// part of the canonical text.
    public var signature: String
    /// Id of the signing key: the first 16 hex digits of the SHA-256 of its
    /// DER SubjectPublicKeyInfo.
    public var keyID: String
    /// RFC 3339 time in UTC at which the server sealed the entries.
    public var createdAt: String

    public init(
        tenantID: String, digestSequence: UInt64, firstSealSequence: UInt64,
        lastSealSequence: UInt64, entriesHash: String, previousDigestHash: String,
        digestHash: String = "", signature: String = "", keyID: String, createdAt: String
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

    /// The UTF-8 text that `digestHash` and `signature` cover: one
    /// `name=value` line per field, starting with
    /// `format=fapiao-access-log-digest-v1`, escaped as in `AuditEntry.canonicalText`.
    public var canonicalText: String {
        var canonical = CanonicalText(format: Self.canonicalFormat)
        canonical.append("tenant_id", tenantID)
        canonical.append("digest_sequence", digestSequence)
        canonical.append("first_seal_sequence", firstSealSequence)
        canonical.append("last_seal_sequence", lastSealSequence)
        canonical.append("entries_hash", entriesHash)
        canonical.append("previous_digest_hash", previousDigestHash)
        canonical.append("key_id", keyID)
        canonical.append("created_at", createdAt)
        return canonical.text
    }

    /// Computes the SHA-256 of the UTF-8 bytes of `canonicalText`.
    public func computeHash() -> [UInt8] {
        SHA256Hasher.hash(Array(canonicalText.utf8))
    }

    /// Computes the SHA-256 of `canonicalText` as lower-case hex, the form of `digestHash`.
    public func computeHashHex() -> String {
        Hex.encode(computeHash())
    }

    /// Computes the SHA-256 of the concatenated 32-byte entry hashes, in
    /// seal order. `EntriesHasher` computes the same value incrementally.
    public static func entriesHash(_ entryHashes: [[UInt8]]) -> [UInt8] {
        let hasher = EntriesHasher()
        for hash in entryHashes {
            hasher.append(hash)
        }
        return hasher.finish()
    }

    /// Sets `keyID`, `digestHash` and `signature` from `key`.
    public mutating func seal(with key: SigningKey) throws {
        keyID = key.keyID
        let text = Array(canonicalText.utf8)
        digestHash = Hex.encode(SHA256Hasher.hash(text))
        signature = Hex.encode(try key.sign(text))
    }
}
