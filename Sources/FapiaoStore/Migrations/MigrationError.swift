import Foundation

/// A reason why `MigrationRunner` applied nothing or stopped.
public enum MigrationError: Error, CustomStringConvertible, Sendable {
    /// The migrations directory could not be listed.
    case directoryUnreadable(path: String, reason: String)
    /// A `.sql` file does not match `NNNN_name.sql`: four or more digits, an underscore,
    /// a non-empty name, and a version that fits a PostgreSQL `integer`.
    case malformedFileName(file: String)
    /// Two or more files have the same version number.
    case duplicateVersion(version: Int, files: [String])
    /// A migration file could not be read or is not valid UTF-8.
    case fileUnreadable(file: String, reason: String)
    /// An applied migration's file changed after it was applied.
    case checksumMismatch(version: Int, name: String, recorded: String, actual: String)
    /// `schema_migrations` records a version for which no file exists.
    case missingFile(version: Int, name: String)
    /// The server rejected the migration's SQL, so its transaction was rolled back.
    case migrationFailed(version: Int, name: String, error: PostgresError)

    /// Message naming the failed step, the file involved and the remedy.
    public var description: String {
        switch self {
        case .directoryUnreadable(let path, let reason):
            return "migrations directory \(path) could not be read: \(reason)"
        case .malformedFileName(let file):
            return "migration file name \(file) is invalid: expected four or more digits,"
                + " an underscore, a name and .sql, for example 0001_create_tenants.sql"
        case .duplicateVersion(let version, let files):
            return "migration version \(version) is used by more than one file: "
                + files.joined(separator: ", ") + ". Give each file its own version."
        case .fileUnreadable(let file, let reason):
            return "migration file \(file) could not be read: \(reason)"
        case .checksumMismatch(let version, let name, let recorded, let actual):
            return "migration \(Self.label(version, name)) was changed after it was applied"
                + " (recorded SHA-256 \(recorded), file now \(actual)). Restore the applied"
                + " file and put the change in a new migration. No migrations were applied."
        case .missingFile(let version, let name):
            return "migration \(Self.label(version, name)) is recorded in schema_migrations"
                + " but its file is missing. Restore the file. No migrations were applied."
        case .migrationFailed(let version, let name, let error):
            return "migration \(Self.label(version, name)) failed and was rolled back: \(error)"
        }
    }

    private static func label(_ version: Int, _ name: String) -> String {
        String(format: "%04d", version) + "_" + name
    }
}
