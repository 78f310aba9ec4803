import FapiaoAudit
import FapiaoLogging
@testable import FapiaoServices
import FapiaoStore
import FapiaoTestSupport
import Foundation
import Testing

/// The start of each sealing pass. A pass after a settled mark skips the entries
/// below it, so an entry that commits late below the mark waits for a window
/// pass, and no entry is sealed twice.
@Suite struct AccessLogSealerTests {
    static let tenantID = "3c1f7a52-8d0e-4b6a-9e21-6f4d2b8a0c17"

    /// A migrated database, a pool on it, and two connections of their own:
    /// `late` for a transaction that commits late, and `other` for the rest.
    /// `close()` closes them.
    struct Fixture {
        let database: TestDatabase
        let pool: ConnectionPool
        let late: PostgresConnection
        let other: PostgresConnection

        init() throws {
            database = try TestDatabase.create()
            let connection = try database.connect()
            defer { connection.close() }
            let migrations = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Migrations")
            _ = try MigrationRunner(
                directory: migrations, logger: Logger(label: "sealer-test", sink: .memory())
            ).migrate(using: connection)
            pool = ConnectionPool(
                url: database.url, maximumConnections: 4,
                logger: Logger(label: "sealer-test", sink: .memory()))
            late = try database.connect()
            other = try database.connect()
        }

        func sealer(markAge: Duration) throws -> AccessLogSealer {
            AccessLogSealer(
                database: Database(pool: pool), signingKey: try SigningKey.generate(),
                logger: Logger(label: "sealer-test", sink: .memory()), markAge: markAge)
        }

        func close() {
            late.close()
            other.close()
            pool.close()
            try? database.drop()
        }
    }

    /// Inserts an entry on `connection` and returns its id.
    static func insertEntry(on connection: PostgresConnection) throws -> Int {
        let rows = try connection.query(
            """
            INSERT INTO access_log (tenant_id, client_address, request_id, method, status_code)
            VALUES ($1, '127.0.0.1:1', 'sealer-test', '/test/Call', 0) RETURNING entry_id
            """, [tenantID])
        return try rows.int(row: 0, column: "entry_id")
    }

    static func isSealed(_ entryID: Int, on connection: PostgresConnection) throws -> Bool {
        let rows = try connection.query(
            "SELECT count(*) AS seals FROM access_log_seals WHERE tenant_id = $1 AND entry_id = $2",
            [tenantID, String(entryID)])
        return try rows.int(row: 0, column: "seals") == 1
    }

    @Test func lateCommitWaitsForWindowPass() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let sealer = try fixture.sealer(markAge: .zero)
        let (late, other) = (fixture.late, fixture.other)

        try late.execute(script: "BEGIN")
        let lateID = try Self.insertEntry(on: late)
        let earlyID = try Self.insertEntry(on: other)
        #expect(lateID < earlyID)
        // Without a mark older than the previous pass, passes read the window.
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 1)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 0)
        try late.execute(script: "COMMIT")

        // The first pass's mark is older than the second pass's start, so the
        // third pass starts after the early entry.
        let newerID = try Self.insertEntry(on: other)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 1)
        #expect(try Self.isSealed(newerID, on: other))
        #expect(try !Self.isSealed(lateID, on: other))

        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .recentWindow) == 1)
        #expect(try Self.isSealed(lateID, on: other))
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .all) == 0)
    }

    @Test func emptyPassAdvancesMark() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let sealer = try fixture.sealer(markAge: .zero)
        let otherServer = try fixture.sealer(markAge: .zero)
        let (late, other) = (fixture.late, fixture.other)

        _ = try Self.insertEntry(on: other)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .all) == 1)
        try late.execute(script: "BEGIN")
        let lateID = try Self.insertEntry(on: late)
        _ = try Self.insertEntry(on: other)
        #expect(try otherServer.seal(tenantID: Self.tenantID, scope: .all) == 1)

        // Nothing is pending, and the mark of this pass is the newest entry.
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 0)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 0)
        try late.execute(script: "COMMIT")
        // This pass starts at the empty pass's mark, above the late entry.
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 0)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .recentWindow) == 1)
        #expect(try Self.isSealed(lateID, on: other))
    }

    @Test func slowPassesSealShortTransactions() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let sealer = try fixture.sealer(markAge: .milliseconds(200))
        let (late, other) = (fixture.late, fixture.other)

        try late.execute(script: "BEGIN")
        let lateID = try Self.insertEntry(on: late)
        _ = try Self.insertEntry(on: other)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 1)
        try late.execute(script: "COMMIT")

        // The mark is older than `markAge` now, but it was younger when the
        // previous pass started, so this pass still reads the window.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 1)
        #expect(try Self.isSealed(lateID, on: other))
    }

    @Test func youngMarkFallsBackToWindow() throws {
        let fixture = try Fixture()
        defer { fixture.close() }
        let sealer = try fixture.sealer(markAge: .seconds(3600))
        let (late, other) = (fixture.late, fixture.other)

        try late.execute(script: "BEGIN")
        let lateID = try Self.insertEntry(on: late)
        _ = try Self.insertEntry(on: other)
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 1)
        try late.execute(script: "COMMIT")

        // The only mark is younger than `markAge`, so the pass reads the window.
        #expect(try sealer.seal(tenantID: Self.tenantID, scope: .sinceMark) == 1)
        #expect(try Self.isSealed(lateID, on: other))
    }
}
