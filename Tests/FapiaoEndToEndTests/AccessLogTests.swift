import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Synchronization
import Testing

/// A server of its own with a tenant, an auditor and a few logged calls, so
/// that a test may tamper with the database without touching others.
struct AuditFixture {
    let server: ServerProcess
    let tenant: TenantFixture
    let auditor: CLIRunner
    let directory: URL

    init(environment: [String: String] = [:]) throws {
        server = try ServerProcess(
            environment: ["FAPIAO_SEAL_INTERVAL_SECONDS": "1"].merging(environment) { _, new in new })
        tenant = try TenantFixture(on: server)
        directory = URL(fileURLWithPath: "/tmp/fapiao-audit-\(UInt32.random(in: .min ... .max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (_, key) = try tenant.principal(roles: ["auditor"], name: "auditor")
        let keyFile = directory.appendingPathComponent("auditor.key")
        try Data(key.utf8).write(to: keyFile)
        auditor = CLIRunner(server: server, keyFile: keyFile.path)
        for _ in 0..<4 { _ = try tenant.issueInvoice() }
    }

    var superuser: PostgresConnection {
        get throws { try #require(server.database).connect() }
    }

    /// Exports the tenant's whole log into a new bundle directory.
    func export(format: String = "jsonl") throws -> (result: CLIResult, bundle: URL) {
        let bundle = directory.appendingPathComponent("bundle-\(UUID().uuidString.prefix(8))")
        let result = try auditor.run("audit", "export", "--out", bundle.path, "--format", format)
        return (result, bundle)
    }

    func verify(_ bundle: URL) throws -> CLIResult {
        try auditor.run("audit", "verify", bundle.path)
    }

    /// Runs `statements` as a superuser with the append-only triggers off.
    func tamper(_ statements: [String]) throws {
        let connection = try superuser
        defer { connection.close() }
        try connection.transaction { connection in
            for table in ["access_log", "access_log_seals", "access_log_digests"] {
                _ = try connection.query("ALTER TABLE \(table) DISABLE TRIGGER USER")
            }
            for statement in statements { _ = try connection.query(statement) }
            for table in ["access_log", "access_log_seals", "access_log_digests"] {
                _ = try connection.query("ALTER TABLE \(table) ENABLE TRIGGER USER")
            }
        }
    }

    /// Waits until the server's sealer has sealed every entry of the tenant.
    func waitUntilSealed(on connection: PostgresConnection) throws {
        let pending = """
            SELECT count(*) AS rows FROM access_log a WHERE a.tenant_id = $1 AND NOT EXISTS (
                SELECT FROM access_log_seals s WHERE s.tenant_id = a.tenant_id AND s.entry_id = a.entry_id)
            """
        let deadline = ContinuousClock.now + .seconds(30)
        while try connection.query(pending, [tenant.tenantID]).int(row: 0, column: "rows") > 0 {
            guard ContinuousClock.now < deadline else {
                Issue.record("entries still unsealed after 30 s")
                return
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    func remove() {
        tenant.close()
        server.remove()
        try? FileManager.default.removeItem(at: directory)
    }
}

@Suite("Tamper-evident access log")
struct AccessLogTests {
    /// Exports, checks that the clean bundle verifies, tampers, exports
    /// again and returns the verifier's output.
    func tamperedVerification(_ statements: (AuditFixture) -> [String]) throws -> CLIResult {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let (clean, bundle) = try fixture.export()
        #expect(clean.status == 0, "\(clean.standardError)")
        let verified = try fixture.verify(bundle)
        #expect(verified.status == 0, "\(verified.standardError)")
        try fixture.tamper(statements(fixture))
        let (again, tampered) = try fixture.export()
        #expect(again.status == 0, "\(again.standardError) \(fixture.server.logLines.filter { $0.contains("error") }.suffix(3))")
        return try fixture.verify(tampered)
    }

    func entryID(seal: Int) -> String {
        "(SELECT entry_id FROM access_log_seals WHERE seal_sequence = \(seal)"
            + " AND tenant_id = (SELECT tenant_id FROM access_log_seals WHERE seal_sequence = 3 LIMIT 1 OFFSET 0)"
            + " ORDER BY tenant_id DESC LIMIT 1)"
    }

    @Test("edited entry is named")
    func editedEntry() throws {
        let result = try tamperedVerification { fixture in
            ["UPDATE access_log SET status_message = 'tampered' WHERE tenant_id = '\(fixture.tenant.tenantID)'"
                + " AND entry_id = (SELECT entry_id FROM access_log_seals WHERE tenant_id = '\(fixture.tenant.tenantID)' AND seal_sequence = 3)"]
        }
        #expect(result.status == 1)
        #expect(result.standardError.contains("seal_sequence 3"), "\(result.standardError)")
    }

    @Test("export and verify print JSON summaries")
    func jsonSummaries() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let bundle = fixture.directory.appendingPathComponent("bundle-json")
        let exported = try fixture.auditor.run("audit", "export", "--out", bundle.path, "--json")
        #expect(exported.status == 0, "\(exported.standardError)")
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(exported.standardOutput.utf8)) as? [String: Any])
        let entries = try #require(summary["entries"] as? Int)
        #expect(entries >= 4)
        #expect(summary["digests"] as? Int ?? 0 >= 1)
        #expect(summary["directory"] as? String == bundle.path)

        let verified = try fixture.auditor.run("audit", "verify", bundle.path, "--json")
        #expect(verified.status == 0, "\(verified.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(verified.standardOutput.utf8)) as? [String: Any])
        #expect(report["verified"] as? Bool == true)
        #expect(report["entries"] as? Int == entries)
        #expect(report["failure"] == nil)

        // A changed entry: JSON with the failure on standard output, exit 1.
        let entriesFile = try #require(
            try FileManager.default.contentsOfDirectory(atPath: bundle.path).first { $0.hasPrefix("entries") })
        let path = bundle.appendingPathComponent(entriesFile)
        var text = try String(contentsOf: path, encoding: .utf8)
        let index = try #require(text.range(of: "IssueInvoice"))
        text.replaceSubrange(index, with: "IssueInvoicf")
        try text.write(to: path, atomically: true, encoding: .utf8)
        let failed = try fixture.auditor.run("audit", "verify", bundle.path, "--json")
        #expect(failed.status == 1)
        let failure = try #require(
            try JSONSerialization.jsonObject(with: Data(failed.standardOutput.utf8)) as? [String: Any])
        #expect(failure["verified"] as? Bool == false)
        #expect((failure["failure"] as? String)?.isEmpty == false)
    }

    @Test("deleted entry is named")
    func deletedEntry() throws {
        let result = try tamperedVerification { fixture in
            let tenant = fixture.tenant.tenantID
            let entry = "(SELECT entry_id FROM access_log_seals WHERE tenant_id = '\(tenant)' AND seal_sequence = 2)"
            return [
                "CREATE TEMP TABLE doomed AS SELECT \(entry) AS entry_id",
                "DELETE FROM access_log_seals WHERE tenant_id = '\(tenant)' AND seal_sequence = 2",
                "DELETE FROM access_log WHERE tenant_id = '\(tenant)' AND entry_id = (SELECT entry_id FROM doomed)",
            ]
        }
        #expect(result.status == 1)
        #expect(result.standardError.contains("seal_sequence 2"), "\(result.standardError)")
    }

    @Test("digest emptied without a purge entry is named")
    func emptiedDigest() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let connection = try fixture.superuser
        defer { connection.close() }
        let tenant = fixture.tenant.tenantID

        // Three rounds, each sealed into a digest of its own.
        for round in 1...3 {
            _ = try connection.query(
                """
                INSERT INTO access_log (tenant_id, client_address, request_id, method, status_code)
                VALUES ($1, '', 'round-\(round)', '/round', 0)
                """, [tenant])
            try fixture.waitUntilSealed(on: connection)
        }

        // The middle round's digest loses its entries, with no purge entry.
        let middle = """
            (SELECT s.digest_sequence FROM access_log_seals s JOIN access_log a USING (tenant_id, entry_id)
             WHERE s.tenant_id = '\(tenant)' AND a.request_id = 'round-2')
            """
        try fixture.tamper([
            """
            CREATE TEMP TABLE doomed AS SELECT entry_id, digest_sequence FROM access_log_seals
            WHERE tenant_id = '\(tenant)' AND digest_sequence = \(middle)
            """,
            "DELETE FROM access_log_seals WHERE tenant_id = '\(tenant)' AND entry_id IN (SELECT entry_id FROM doomed)",
            "DELETE FROM access_log WHERE tenant_id = '\(tenant)' AND entry_id IN (SELECT entry_id FROM doomed)",
        ])

        let (export, bundle) = try fixture.export()
        #expect(export.status == 0, "\(export.standardError)")
        let result = try fixture.verify(bundle)
        #expect(result.status == 1)
        #expect(result.standardError.contains("its entries are missing"), "\(result.standardError)")
    }

    @Test("inserted entry is named")
    func insertedEntry() throws {
        let result = try tamperedVerification { fixture in
            let tenant = fixture.tenant.tenantID
            return [
                """
                INSERT INTO access_log (tenant_id, client_address, request_id, method, status_code, status_message)
                VALUES ('\(tenant)', '10.0.0.1:1', 'forged', '/forged', 0, '')
                """,
                """
                INSERT INTO access_log_seals (tenant_id, seal_sequence, entry_id, entry_hash, digest_sequence)
                SELECT '\(tenant)', max(s.seal_sequence) + 1,
                    (SELECT max(entry_id) FROM access_log WHERE tenant_id = '\(tenant)' AND request_id = 'forged'),
                    repeat('a', 64), max(s.digest_sequence)
                FROM access_log_seals s WHERE s.tenant_id = '\(tenant)'
                """,
            ]
        }
        #expect(result.status == 1)
        #expect(result.standardError.contains("seal_sequence"), "\(result.standardError)")
    }

    @Test("swapped entries are named")
    func swappedEntries() throws {
        let result = try tamperedVerification { fixture in
            let tenant = fixture.tenant.tenantID
            let seal = { (sequence: Int) in
                "(SELECT entry_id FROM access_log_seals WHERE tenant_id = '\(tenant)' AND seal_sequence = \(sequence))"
            }
            // Entries 2 and 4 exchange their contents, as if reordered.
            return [
                """
                CREATE TEMP TABLE pair AS SELECT a.entry_id, a.request_id, a.method, a.status_message
                FROM access_log a WHERE a.tenant_id = '\(tenant)' AND a.entry_id IN (\(seal(2)), \(seal(4)))
                """,
                """
                UPDATE access_log a SET request_id = p.request_id, method = p.method, status_message = p.status_message
                FROM pair p WHERE a.tenant_id = '\(tenant)' AND a.entry_id IN (\(seal(2)), \(seal(4)))
                  AND p.entry_id <> a.entry_id
                """,
            ]
        }
        #expect(result.status == 1)
        #expect(result.standardError.contains("seal_sequence 2"), "\(result.standardError)")
    }

    @Test("altered digest is named")
    func alteredDigest() throws {
        let result = try tamperedVerification { fixture in
            [
                "UPDATE access_log_digests SET created_at = '2020-01-01T00:00:00.000000Z'"
                    + " WHERE tenant_id = '\(fixture.tenant.tenantID)' AND digest_sequence = 1"
            ]
        }
        #expect(result.status == 1)
        #expect(result.standardError.contains("digest 1"), "\(result.standardError)")
    }

    @Test("changed byte in a bundle fails")
    func changedByte() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let (export, bundle) = try fixture.export(format: "csv")
        #expect(export.status == 0, "\(export.standardError)")
        #expect(try fixture.verify(bundle).status == 0)
        let file = bundle.appendingPathComponent("entries.csv")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: file)
        let result = try fixture.verify(bundle)
        #expect(result.status == 1)
        #expect(result.standardError.contains("entries.csv"), "\(result.standardError)")
    }

    @Test("concurrent writers are sealed once each")
    func concurrentSealing() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let clients = try (0..<8).map { _ in try fixture.server.client(apiKey: fixture.tenant.created.apiKey) }
        defer { clients.forEach { $0.close() } }
        DispatchQueue.concurrentPerform(iterations: clients.count) { index in
            for _ in 0..<40 {
                _ = callStatus(clients[index], MethodNames.listPrincipals)
            }
        }
        let (export, bundle) = try fixture.export()
        #expect(export.status == 0, "\(export.standardError)")
        #expect(try fixture.verify(bundle).status == 0)
        let connection = try fixture.superuser
        defer { connection.close() }
        let tenant = fixture.tenant.tenantID
        let counts = try connection.query(
            """
            SELECT (SELECT count(*) FROM access_log WHERE tenant_id = $1) AS entries,
                (SELECT count(*) FROM access_log_seals WHERE tenant_id = $1) AS seals,
                (SELECT count(DISTINCT entry_id) FROM access_log_seals WHERE tenant_id = $1) AS sealed_entries,
                (SELECT max(seal_sequence) FROM access_log_seals WHERE tenant_id = $1) AS highest,
                (SELECT count(*) FROM access_log_digests WHERE tenant_id = $1) AS digests,
                (SELECT max(digest_sequence) FROM access_log_digests WHERE tenant_id = $1) AS last_digest
            """, [tenant])
        let entries = try counts.int(row: 0, column: "entries")
        #expect(entries >= 320)
        // The export's own entry is written after its seal pass, so it may be pending.
        #expect(try counts.int(row: 0, column: "seals") >= entries - 1)
        #expect(try counts.int(row: 0, column: "seals") == counts.int(row: 0, column: "sealed_entries"))
        #expect(try counts.int(row: 0, column: "highest") == counts.int(row: 0, column: "seals"))
        #expect(try counts.int(row: 0, column: "digests") == counts.int(row: 0, column: "last_digest"))
    }

    @Test("export with one database connection")
    func exportWithOneConnection() throws {
        // An export seals on the call's own connection: a second one from
        // the pool would wait for a connection that never comes back.
        let fixture = try AuditFixture(environment: ["FAPIAO_DB_POOL_SIZE": "1"])
        defer { fixture.remove() }
        let started = ContinuousClock.now
        let (export, bundle) = try fixture.export()
        #expect(export.status == 0, "\(export.standardError)")
        #expect(started.duration(to: .now) < .seconds(10))
        let verified = try fixture.verify(bundle)
        #expect(verified.status == 0, "\(verified.standardError)")
    }

    @Test("100,000 entries export and verify")
    func largeExport() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let connection = try fixture.superuser
        defer { connection.close() }
        _ = try connection.query(
            """
            INSERT INTO access_log (tenant_id, client_address, request_id, method, status_code, status_message, changes)
            SELECT $1, '127.0.0.1:1', 'bulk-' || g, '/bulk.v1.Bulk/Call', g % 17, 'message ' || g,
                CASE WHEN g % 3 = 0 THEN jsonb_build_object('n', jsonb_build_object('before', g, 'after', g + 1)) END
            FROM generate_series(1, 100000) g
            """, [fixture.tenant.tenantID])
        let (export, bundle) = try fixture.export()
        #expect(export.status == 0, "\(export.standardError)")
        let verified = try fixture.verify(bundle)
        #expect(verified.status == 0, "\(verified.standardError)")
        #expect(verified.standardOutput.contains("verified"))
        let file = bundle.appendingPathComponent("entries.jsonl")
        let handle = try FileHandle(forUpdating: file)
        try handle.seek(toOffset: 5000)
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: 5000)
        try handle.write(contentsOf: Data([byte[0] ^ 0x02]))
        try handle.close()
        let broken = try fixture.verify(bundle)
        #expect(broken.status == 1)
    }

    @Test("denied calls are listed for auditors")
    func deniedCallListed() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let (_, viewerKey) = try fixture.tenant.principal(roles: ["viewer"])
        let viewer = try fixture.server.client(apiKey: viewerKey)
        defer { viewer.close() }
        #expect(callStatus(viewer, MethodNames.listPrincipals).code == .permissionDenied)
        let listed = try fixture.auditor.run(
            "audit", "list", "--outcome", "PERMISSION_DENIED", "--method", MethodNames.listPrincipals, "--json")
        #expect(listed.status == 0, "\(listed.standardError)")
        let entries = try #require(try listed.jsonObject()["entries"] as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["statusCode"] as? Int == 7)
        for outcome in ["permission_denied", "7"] {
            let same = try fixture.auditor.run(
                "audit", "list", "--outcome", outcome, "--method", MethodNames.listPrincipals, "--json")
            #expect(same.status == 0, "\(outcome): \(same.standardError)")
            #expect((try same.jsonObject()["entries"] as? [[String: Any]])?.count == 1, "\(outcome)")
        }
        let missing = try fixture.auditor.run("audit", "verify", fixture.directory.appendingPathComponent("nothing").path)
        #expect(missing.status == 2)
        let issuer = try fixture.server.client(apiKey: fixture.tenant.principal(roles: ["issuer"]).apiKey)
        defer { issuer.close() }
        #expect(callStatus(issuer, MethodNames.listAccessLogEntries).code == .permissionDenied)
    }

    @Test("log rows cannot be changed")
    func appendOnly() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        // Sealed first, so that every table has rows to refuse.
        #expect(try fixture.export().result.status == 0)
        let database = try #require(fixture.server.database)
        let app = try PostgresConnection(
            url: try ConnectionInfo.setting(["user": "fapiao_app", "password": nil], in: database.url))
        defer { app.close() }
        let owner = try fixture.superuser
        defer { owner.close() }
        for connection in [app, owner] {
            for statement in [
                "UPDATE access_log SET status_message = 'x'", "DELETE FROM access_log",
                "UPDATE access_log_digests SET key_id = 'x'", "DELETE FROM access_log_seals",
            ] {
                do {
                    try connection.transaction { connection in
                        _ = try connection.query("SELECT set_config('fapiao.tenant_id', $1, true)", [fixture.tenant.tenantID])
                        _ = try connection.query(statement)
                    }
                    Issue.record("accepted: \(statement) as \(connection === app ? "fapiao_app" : "owner")")
                } catch {
                    #expect(error is PostgresError, "\(statement)")
                }
            }
        }
    }

    @Test("retention purges whole old ranges")
    func retention() throws {
        let fixture = try AuditFixture()
        defer { fixture.remove() }
        let connection = try fixture.superuser
        defer { connection.close() }
        let tenant = fixture.tenant.tenantID
        // Entries from four years ago, sealed by the server's sealer into a
        // digest of their own: nothing else is pending when they are written.
        try fixture.waitUntilSealed(on: connection)
        _ = try connection.query(
            """
            INSERT INTO access_log (tenant_id, occurred_at, client_address, request_id, method, status_code)
            SELECT $1, now() - interval '4 years', '', 'old-' || g, '/old', 0 FROM generate_series(1, 10) g
            """, [tenant])
        try fixture.waitUntilSealed(on: connection)
        let digests = try connection.query(
            """
            SELECT count(DISTINCT s.digest_sequence) AS digests, count(*) AS seals,
                count(*) FILTER (WHERE a.request_id LIKE 'old-%') AS old
            FROM access_log_seals s JOIN access_log a USING (tenant_id, entry_id)
            WHERE s.tenant_id = $1 AND s.digest_sequence IN (
                SELECT s2.digest_sequence FROM access_log_seals s2
                JOIN access_log a2 USING (tenant_id, entry_id)
                WHERE s2.tenant_id = $1 AND a2.request_id LIKE 'old-%')
            """, [tenant])
        #expect(try digests.int(row: 0, column: "digests") == 1)
        #expect(try digests.int(row: 0, column: "seals") == 10)
        #expect(try digests.int(row: 0, column: "old") == 10)

        let purge = Process()
        purge.executableURL = try ServerProcess.executable()
        purge.arguments = ["purge-access-log"]
        var environment = ProcessInfo.processInfo.environment
        environment["FAPIAO_DATABASE_URL"] = try #require(fixture.server.database).url
        environment["FAPIAO_DATA_DIR"] = fixture.server.dataDirectory.path
        purge.environment = environment
        let errors = Pipe()
        purge.standardError = errors
        try purge.run()
        let errorOutput = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        purge.waitUntilExit()
        #expect(purge.terminationStatus == 0, "\(errorOutput)")
        let old = try connection.query(
            "SELECT count(*) AS rows FROM access_log WHERE tenant_id = $1 AND request_id LIKE 'old-%'", [tenant])
        #expect(try old.int(row: 0, column: "rows") == 0)
        let purgeEntry = try connection.query(
            "SELECT count(*) AS rows FROM access_log WHERE tenant_id = $1 AND method = 'fapiao-server/purge-access-log'",
            [tenant])
        #expect(try purgeEntry.int(row: 0, column: "rows") == 1)
        let (after, bundle) = try fixture.export()
        #expect(after.status == 0, "\(after.standardError)")
        let verified = try fixture.verify(bundle)
        #expect(verified.status == 0, "\(verified.standardError)")
    }
}
