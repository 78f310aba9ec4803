/// Incremental form of `AuditDigest.entriesHash(_:)`: SHA-256 over 32-byte
/// entry hashes appended in seal order, so a verifier can stream entries.
///
/// Not shared between threads.
public final class EntriesHasher {
    private let hasher = SHA256Hasher()
    /// Number of hashes appended so far.
    public private(set) var count = 0

    public init() {}

    /// Appends one entry hash. The hash must be 32 bytes (a SHA-256).
    public func append(_ hash: [UInt8]) {
        precondition(
            hash.count == SHA256Hasher.digestLength,
            "an entry hash is 32 bytes, got \(hash.count)")
        hasher.update(hash)
        count += 1
    }

    /// Returns the SHA-256 over the appended hashes. Call it once, after the last `append`.
    public func finish() -> [UInt8] {
        hasher.finish()
    }
}
