/// Result of `AuditBundleVerifier.verify`.
public struct AuditVerificationReport: Sendable, Equatable {
    /// True when every check passed.
    public var ok: Bool
    /// The first check that failed, naming the file, digest or entry; nil when `ok`.
    public var failure: String?
    /// Digests whose every check passed, including their entries.
    public var digestsChecked: Int
    /// Entries whose hash matched, in digests checked so far.
    public var entriesChecked: Int

    public init(ok: Bool, failure: String?, digestsChecked: Int, entriesChecked: Int) {
        self.ok = ok
        self.failure = failure
        self.digestsChecked = digestsChecked
        self.entriesChecked = entriesChecked
    }
}
