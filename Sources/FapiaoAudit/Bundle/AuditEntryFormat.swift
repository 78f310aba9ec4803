/// Text form of the entries file in an export bundle.
public enum AuditEntryFormat: String, Sendable, CaseIterable {
    /// JSON Lines, `entries.jsonl`.
    case jsonl
    /// RFC 4180 CSV with a header record, `entries.csv`.
    case csv

    /// Name of the entries file inside the bundle directory.
    public var fileName: String {
        "entries.\(rawValue)"
    }
}
