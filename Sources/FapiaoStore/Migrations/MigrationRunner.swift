public import FapiaoLogging
public import Foundation

/// Applies the SQL files of a migrations directory to a database, in version order.
///
/// Files are named `NNNN_name.sql`: four or more digits, an underscore, a name and `.sql`.
/// Files that do not end in `.sql` are ignored. Applied versions are recorded in
/// `schema_migrations` with the SHA-256 of the file. Each migration runs in its own
/// transaction together with its record, so a failing migration leaves nothing behind.
/// A migration file must therefore not contain BEGIN, COMMIT or statements that cannot
/// run in a transaction block, such as `CREATE INDEX CONCURRENTLY`.
public struct MigrationRunner: Sendable {
    /// Directory that contains the migration files.
    public let directory: URL
    private let logger: Logger

    /// Key of the session-level advisory lock that serializes concurrent runs against
    /// one database: the ASCII bytes of "fapiaomg" as a big-endian 64-bit integer.
    /// It must stay the same across releases so that old and new servers exclude each other.
    static let advisoryLockKey = "7377301262518152551"

    /// Creates a runner for the files in `directory`. Nothing is read until a call.
    public init(directory: URL, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    /// Reads and checks the migration files, sorted by version.
    ///
    /// - Throws: `MigrationError` when the directory or a file cannot be read, a `.sql`
    ///   file name is malformed, or two files have the same version.
    public func loadMigrations() throws(MigrationError) -> [Migration] {
        let fileNames: [String]
        do {
            fileNames = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .directoryUnreadable(path: directory.path, reason: error.localizedDescription)
        }

        var byVersion: [Int: [String]] = [:]
        var migrations: [Migration] = []
        for fileName in fileNames.sorted() where fileName.hasSuffix(".sql") {
            guard let (version, name) = Self.parseFileName(fileName) else {
                throw .malformedFileName(file: fileName)
            }
            byVersion[version, default: []].append(fileName)
            let fileURL = directory.appendingPathComponent(fileName)
            let data: Data
            do {
                data = try Data(contentsOf: fileURL)
            } catch {
                throw .fileUnreadable(file: fileName, reason: error.localizedDescription)
            }
            guard let sql = String(data: data, encoding: .utf8) else {
                throw .fileUnreadable(file: fileName, reason: "the file is not valid UTF-8")
            }
            migrations.append(
                Migration(
                    version: version, name: name, fileURL: fileURL, sql: sql,
                    checksum: SHA256.hexDigest(of: data)))
        }
        for (version, files) in byVersion.sorted(by: { $0.key < $1.key }) where files.count > 1 {
            throw .duplicateVersion(version: version, files: files)
        }
        return migrations.sorted { $0.version < $1.version }
    }

    /// Applies every migration not yet recorded in `schema_migrations` and returns them.
    ///
    /// Creates `schema_migrations` when absent. Holds an advisory lock for the whole run,
    /// so servers that start together apply each migration once. Before applying anything,
    /// checks that every recorded version still has its file with the recorded checksum.
    ///
    /// - Throws: `MigrationError` from `loadMigrations()`. `checksumMismatch` or
    ///   `missingFile`, thrown before anything is applied. `migrationFailed` when a
    ///   migration's SQL fails, in which case the migrations before it stay applied and
    ///   recorded. `PostgresError` when the advisory lock or `schema_migrations` statements fail.
    @discardableResult
    public func migrate(using connection: PostgresConnection) throws -> [Migration] {
        let migrations = try loadMigrations()
        try connection.query("SELECT pg_advisory_lock($1)", [Self.advisoryLockKey])
        defer {
            _ = try? connection.query("SELECT pg_advisory_unlock($1)", [Self.advisoryLockKey])
        }

        try connection.execute(
            script: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
        let recorded = try connection.query(
            "SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        var appliedVersions = Set<Int>()
        for row in 0..<recorded.rowCount {
            let version = try recorded.int(row: row, column: "version")
            let name = try recorded.string(row: row, column: "name")
            let checksum = try recorded.string(row: row, column: "checksum")
            guard let migration = migrations.first(where: { $0.version == version }) else {
                throw MigrationError.missingFile(version: version, name: name)
            }
            guard migration.checksum == checksum else {
                throw MigrationError.checksumMismatch(
                    version: version, name: name, recorded: checksum, actual: migration.checksum)
            }
            appliedVersions.insert(version)
        }

        var applied: [Migration] = []
        for migration in migrations where !appliedVersions.contains(migration.version) {
            try apply(migration, using: connection)
            applied.append(migration)
        }
        if applied.isEmpty {
            logger.info("migrations.up_to_date", ["directory": .string(directory.path)])
        }
        return applied
    }

    private func apply(_ migration: Migration, using connection: PostgresConnection) throws {
        let start = ContinuousClock.now
        do {
            try connection.transaction { connection in
                try connection.execute(script: migration.sql)
                try connection.query(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    [String(migration.version), migration.name, migration.checksum])
            }
        } catch let error as PostgresError {
            logger.error(
                "migrations.failed",
                [
                    "version": .int(migration.version), "file": .string(migration.fileName),
                    "error": .string(error.description),
                ])
            throw MigrationError.migrationFailed(
                version: migration.version, name: migration.name, error: error)
        }
        let elapsed = (ContinuousClock.now - start).components
        let milliseconds = Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
        logger.info(
            "migrations.applied",
            [
                "version": .int(migration.version), "file": .string(migration.fileName),
                "milliseconds": .double(milliseconds.rounded()),
            ])
    }

    /// Splits `NNNN_name.sql` into version and name, or returns nil when malformed.
    static func parseFileName(_ fileName: String) -> (version: Int, name: String)? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count >= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), !name.isEmpty
        else { return nil }
        guard let version = Int(digits), version <= Int(Int32.max) else { return nil }
        return (version, String(name))
    }

    /// Finds the migrations directory of an installed or checked-out server.
    ///
    /// The candidates, in order:
    /// 1. The `FAPIAO_MIGRATIONS_DIR` environment variable. It is returned even when the
    ///    directory does not exist, so that a wrong setting fails loudly.
    /// 2. `Migrations` under the current directory.
    /// 3. A `Migrations` directory with a `0001_*.sql` file in the running executable's
    ///    directory or in one of its parents.
    ///
    /// Returns nil when no candidate is found.
    ///
    /// - Parameter environment: the variables to read, the process's own by default.
    public static func locateDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        if let configured = environment["FAPIAO_MIGRATIONS_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, isDirectory: true)
        }

        let fileManager = FileManager.default
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath, isDirectory: true)
            .appendingPathComponent("Migrations", isDirectory: true)
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: local.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            return local
        }

        let executable =
            Bundle.main.executableURL
            ?? URL(fileURLWithPath: CommandLine.arguments.first ?? "", isDirectory: false)
        var candidate = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        while true {
            let migrations = candidate.appendingPathComponent("Migrations", isDirectory: true)
            let names = (try? fileManager.contentsOfDirectory(atPath: migrations.path)) ?? []
            if names.contains(where: { $0.hasPrefix("0001_") && $0.hasSuffix(".sql") }) {
                return migrations
            }
            let parent = candidate.deletingLastPathComponent()
            if parent.path == candidate.path { return nil }
            candidate = parent
        }
    }
}
