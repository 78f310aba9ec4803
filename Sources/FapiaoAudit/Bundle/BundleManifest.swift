/// Contents of `manifest.json`, which describes an export bundle and lists
/// the SHA-256 and size of every other file in it.
struct BundleManifest: Codable, Equatable {
    static let fileName = "manifest.json"
    static let currentFormat = "fapiao-audit-bundle-v1"
    static let digestsFileName = "digests.jsonl"
    static let publicKeyFileName = "public_key.pem"

    struct Range: Codable, Equatable {
        var from: String
        var to: String
    }

    struct Counts: Codable, Equatable {
        var digests: Int
        var entries: Int
    }

    struct File: Codable, Equatable {
        var name: String
        /// Lower-case hex SHA-256 of the file's bytes.
        var sha256: String
        var bytes: Int
    }

    /// Always `fapiao-audit-bundle-v1`.
    var format: String
    var tenantID: String
    /// The export's requested time range: RFC 3339, from inclusive, to exclusive.
    var range: Range
    /// `jsonl` or `csv`.
    var entryFormat: String
    var counts: Counts
    /// 0 when the bundle has no digests.
    var firstDigestSequence: UInt64
    /// 0 when the bundle has no digests.
    var lastDigestSequence: UInt64
    /// `previous_digest_hash` of the first digest, which anchors the chain
    /// to a digest an auditor checked earlier. Empty when the bundle has no digests.
    var anchorDigestHash: String
    var files: [File]
    var keyID: String

    enum CodingKeys: String, CodingKey {
        case format
        case tenantID = "tenant_id"
        case range
        case entryFormat = "entry_format"
        case counts
        case firstDigestSequence = "first_digest_sequence"
        case lastDigestSequence = "last_digest_sequence"
        case anchorDigestHash = "anchor_digest_hash"
        case files
        case keyID = "key_id"
    }
}
