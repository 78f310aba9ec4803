import Dispatch
import FapiaoLogging
import FapiaoStore
import FapiaoTestSupport
import Foundation
import Synchronization
import Testing

/// A temporary directory of migration files, removed by `remove()`.
private struct MigrationDirectory {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fapiao-migrations-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, contents) in files {
            try write(name, contents)
        }
    }

    func write(_ name: String, _ contents: String) throws {
        try Data(contents.utf8).write(to: url.appendingPathComponent(name))
    }

    func delete(_ name: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(name))
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    var runner: MigrationRunner {
        MigrationRunner(directory: url, logger: Logger(label: "migration-test", sink: .memory()))
    }
}

private func tableExists(_ name: String, _ connection: PostgresConnection) throws -> Bool {
    try connection.query("SELECT to_regclass($1) IS NOT NULL AS present", [name])[0, "present"]
        == "t"
}

private func recordedVersions(_ connection: PostgresConnection) throws -> [String?] {
    try connection.query("SELECT version FROM schema_migrations ORDER BY version").rows.map {
        $0[0]
    }
}

private let firstSQL = "CREATE TABLE first (id int);\n"
private let firstChecksum = "5dda2ccc07b9fc87887614da6184744bdcbf2b88c9587752201564584dafec19"

@Suite struct MigrationRunnerTests {
    @Test func appliesInVersionOrder() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        // "10000" sorts before "9999" as text, so this proves numeric ordering.
        let directory = try MigrationDirectory([
            "9999_create.sql": "CREATE TABLE items (id int); CREATE TABLE log (v int);",
            "10000_insert.sql": "INSERT INTO items VALUES (1);",
            "README.md": "not a migration",
            "0001_first.sql": firstSQL,
        ])
        defer { directory.remove() }

        let applied = try directory.runner.migrate(using: connection)
        let records = try connection.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")

        #expect(applied.map(\.version) == [1, 9999, 10000])
        #expect(applied.map(\.name) == ["first", "create", "insert"])
        #expect(try connection.query("SELECT id FROM items").rows == [["1"]])
        #expect(records.rows.map { $0[0] } == ["1", "9999", "10000"])
        #expect(records[0, "name"] == "first")
        #expect(records[0, "checksum"] == firstChecksum)
        #expect(records[0, "applied_at"] != nil)
        #expect(applied[0].checksum == firstChecksum)
    }

    @Test func secondRunAppliesNothing() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let directory = try MigrationDirectory([
            "0001_first.sql": firstSQL, "0002_second.sql": "CREATE TABLE second (id int);",
        ])
        defer { directory.remove() }

        let first = try directory.runner.migrate(using: connection)
        let second = try directory.runner.migrate(using: connection)

        #expect(first.count == 2)
        #expect(second.isEmpty)
        #expect(try recordedVersions(connection) == ["1", "2"])
    }

    @Test func changedFileIsRejected() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let directory = try MigrationDirectory([
            "0001_first.sql": firstSQL, "0002_second.sql": "CREATE TABLE second (id int);",
        ])
        defer { directory.remove() }
        try directory.runner.migrate(using: connection)
        try directory.write("0001_first.sql", "CREATE TABLE first (id bigint);\n")
        try directory.write("0003_third.sql", "CREATE TABLE third (id int);")

        let error = #expect(throws: MigrationError.self) {
            try directory.runner.migrate(using: connection)
        }

        guard case .checksumMismatch(let version, let name, let recorded, let actual) = error else {
            Issue.record("expected checksumMismatch, got \(String(describing: error))")
            return
        }
        #expect(version == 1)
        #expect(name == "first")
        #expect(recorded == firstChecksum)
        #expect(actual != firstChecksum)
        #expect(error?.description.contains("was changed after it was applied") == true)
        #expect(error?.description.contains("Restore the applied file") == true)
        #expect(try !tableExists("third", connection))
        #expect(try recordedVersions(connection) == ["1", "2"])
    }

    @Test func missingRecordedFileIsRejected() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let directory = try MigrationDirectory([
            "0001_first.sql": firstSQL, "0002_second.sql": "CREATE TABLE second (id int);",
        ])
        defer { directory.remove() }
        try directory.runner.migrate(using: connection)
        try directory.delete("0002_second.sql")
        try directory.write("0003_third.sql", "CREATE TABLE third (id int);")

        let error = #expect(throws: MigrationError.self) {
            try directory.runner.migrate(using: connection)
        }

        guard case .missingFile(let version, let name) = error else {
            Issue.record("expected missingFile, got \(String(describing: error))")
            return
        }
        #expect(version == 2)
        #expect(name == "second")
        #expect(error?.description.contains("0002_second") == true)
        #expect(try !tableExists("third", connection))
    }

    @Test(arguments: ["001_short.sql", "0001_.sql", "abcd_name.sql", "0001name.sql", "99999999999_big.sql"])
    func malformedNameIsRejected(fileName: String) throws {
        let directory = try MigrationDirectory(["0002_valid.sql": "SELECT 1;", fileName: "SELECT 1;"])
        defer { directory.remove() }

        let error = #expect(throws: MigrationError.self) { try directory.runner.loadMigrations() }

        guard case .malformedFileName(let file) = error else {
            Issue.record("expected malformedFileName, got \(String(describing: error))")
            return
        }
        #expect(file == fileName)
        #expect(error?.description.contains(fileName) == true)
    }

    @Test func duplicateVersionIsRejected() throws {
        let directory = try MigrationDirectory([
            "0001_a.sql": "SELECT 1;", "00001_b.sql": "SELECT 2;", "0002_c.sql": "SELECT 3;",
        ])
        defer { directory.remove() }

        let error = #expect(throws: MigrationError.self) { try directory.runner.loadMigrations() }

        guard case .duplicateVersion(let version, let files) = error else {
            Issue.record("expected duplicateVersion, got \(String(describing: error))")
            return
        }
        #expect(version == 1)
        #expect(files.sorted() == ["00001_b.sql", "0001_a.sql"])
        #expect(error?.description.contains("0001_a.sql") == true)
    }

    @Test func missingDirectoryIsReported() throws {
        let runner = MigrationRunner(
            directory: URL(fileURLWithPath: "/nonexistent/fapiao-migrations"),
            logger: Logger(label: "migration-test", sink: .memory()))

        let error = #expect(throws: MigrationError.self) { try runner.loadMigrations() }

        #expect(error?.description.contains("/nonexistent/fapiao-migrations") == true)
    }

    @Test func failedMigrationRollsBack() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let directory = try MigrationDirectory([
            "0001_first.sql": firstSQL,
            "0002_broken.sql": "CREATE TABLE half (id int);\nINSERT INTO first VALUES (1);\nSELECT 1 / 0;",
            "0003_later.sql": "CREATE TABLE later (id int);",
        ])
        defer { directory.remove() }

        let error = #expect(throws: MigrationError.self) {
            try directory.runner.migrate(using: connection)
        }

        guard case .migrationFailed(let version, let name, let cause) = error else {
            Issue.record("expected migrationFailed, got \(String(describing: error))")
            return
        }
        #expect(version == 2)
        #expect(name == "broken")
        #expect(cause.sqlState == "22012")
        #expect(try !tableExists("half", connection))
        #expect(try !tableExists("later", connection))
        #expect(try connection.query("SELECT * FROM first").rowCount == 0)
        #expect(try recordedVersions(connection) == ["1"])

        try directory.write("0002_broken.sql", "CREATE TABLE half (id int);")
        let applied = try directory.runner.migrate(using: connection)
        #expect(applied.map(\.version) == [2, 3])
    }

    @Test func concurrentRunsApplyOnce() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        var files: [String: String] = [:]
        for version in 1...5 {
            files[String(format: "%04d_step.sql", version)] =
                "CREATE TABLE step_\(version) (id int); SELECT pg_sleep(0.05);"
        }
        let directory = try MigrationDirectory(files)
        defer { directory.remove() }
        let runner = directory.runner
        let appliedCounts = Mutex<[Int]>([])
        let failures = Mutex<[String]>([])
        let group = DispatchGroup()

        for _ in 0..<3 {
            group.enter()
            Thread.detachNewThread {
                do {
                    let connection = try database.connect()
                    defer { connection.close() }
                    let applied = try runner.migrate(using: connection)
                    appliedCounts.withLock { $0.append(applied.count) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
                group.leave()
            }
        }
        group.wait()

        #expect(failures.withLock { $0 } == [])
        #expect(appliedCounts.withLock { $0.reduce(0, +) } == 5)
    }

    @Test func locateDirectoryUsesEnvironment() throws {
        // A variable passed in, not set with setenv: setenv while other tests
        // start processes races with their reading of the environment, and
        // crashed a test run inside Foundation's Process.run.
        let located = MigrationRunner.locateDirectory(
            environment: ["FAPIAO_MIGRATIONS_DIR": "/srv/fapiao/migrations"])

        #expect(located?.path == "/srv/fapiao/migrations")
    }
}
