import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Synchronization
import Testing

/// Calls of one series that wait behind a running issuance are numbered
/// together in one transaction. Each test locks the series' counter row from
/// a superuser connection, so the first call waits in PostgreSQL and the
/// later ones wait in the server, then releases it.
@Suite("Issuances of one series in batches")
struct SeriesBatchTests {
    /// A server, a tenant, and a superuser connection that locks the tenant's
    /// DEFAULT counter row until `release()`.
    final class LockedSeries {
        let server: ServerProcess
        let tenant: TenantFixture
        let holder: PostgresConnection
        let observer: PostgresConnection
        /// PostgreSQL's clock when the row was locked: connections that became
        /// idle after it belong to calls of the test.
        let lockedAt: String

        init() throws {
            server = try ServerProcess()
            tenant = try TenantFixture(on: server)
            holder = try #require(server.database).connect()
            observer = try #require(server.database).connect()
            try holder.execute(script: "BEGIN")
            _ = try holder.query(
                "SELECT next_number FROM invoice_series WHERE tenant_id = $1 AND series = 'DEFAULT' FOR UPDATE",
                [tenant.tenantID])
            lockedAt = try observer.query("SELECT clock_timestamp()::text AS now")[0, "now"] ?? ""
        }

        /// Waits until one call waits for the row lock and `queued` more calls
        /// have ended their own transactions to wait in the server.
        func waitUntilQueued(_ queued: Int) throws -> Bool {
            for _ in 0..<200 {
                if try waitingForLock() == 1 && queuedConnections().count >= queued {
                    // A call joins the queue a moment after its COMMIT.
                    Thread.sleep(forTimeInterval: 0.3)
                    return true
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        /// Number of the server's connections that wait for a lock.
        func waitingForLock() throws -> Int {
            let rows = try observer.query(
                """
                SELECT count(*) AS locked FROM pg_stat_activity
                WHERE datname = current_database() AND usename = 'fapiao_app' AND wait_event_type = 'Lock'
                """)
            return Int(rows[0, "locked"] ?? "") ?? 0
        }

        /// Process ids of the connections of calls that wait in the server:
        /// idle since their COMMIT after the row was locked.
        func queuedConnections() throws -> [String] {
            let rows = try observer.query(
                """
                SELECT pid FROM pg_stat_activity
                WHERE datname = current_database() AND usename = 'fapiao_app' AND state = 'idle'
                    AND query = 'COMMIT' AND state_change > $1::timestamptz
                ORDER BY state_change
                """, [lockedAt])
            return (0..<rows.rowCount).compactMap { rows[$0, "pid"] }
        }

        func release() throws { try holder.execute(script: "ROLLBACK") }

        func close() {
            holder.close()
            observer.close()
            tenant.close()
            server.remove()
        }
    }

    /// Starts IssueInvoice on its own thread and returns a way to wait for
    /// its outcome.
    static func startIssue(
        _ client: FapiaoClient, key: String, buyer: String = "上海样例贸易有限公司",
        lines: Int = 3, timeout: Duration? = nil, requestID: String? = nil
    ) -> () -> Result<IssueInvoiceResponse, CallStatus>? {
        let outcome = Mutex<Result<IssueInvoiceResponse, CallStatus>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var metadata = idempotencyMetadata(key)
            if let requestID { metadata.add(Metadata.Key.requestID, requestID) }
            do {
                var request = sampleInvoiceRequest(buyer: buyer)
                request.lines = (0..<lines).map { request.lines[$0 % request.lines.count] }
                let response = try client.call(
                    MethodNames.issueInvoice, request,
                    as: IssueInvoiceResponse.self, metadata: metadata,
                    timeout: timeout)
                outcome.withLock { $0 = .success(response) }
            } catch let status as CallStatus {
                outcome.withLock { $0 = .failure(status) }
            } catch {
                outcome.withLock { $0 = .failure(CallStatus(code: .unknown, message: "\(error)")) }
            }
            done.signal()
        }
        return {
            guard done.wait(timeout: .now() + 20) == .success else { return nil }
            return outcome.withLock { $0 }
        }
    }

    @Test("waiting calls share one transaction")
    func waitingCallsShareATransaction() throws {
        let locked = try LockedSeries()
        defer { locked.close() }
        let clients = try (0..<3).map { _ in try locked.server.client(apiKey: locked.tenant.created.apiKey) }
        defer { clients.forEach { $0.close() } }

        let first = Self.startIssue(clients[0], key: "batch-first")
        #expect(try locked.waitUntilQueued(0))
        let later = (0..<8).map { index in
            Self.startIssue(clients[index % clients.count], key: "batch-\(index)")
        }
        #expect(try locked.waitUntilQueued(later.count))
        try locked.release()

        let firstInvoice = try #require(try first()?.get().invoice)
        let laterInvoices = try later.map { try #require(try $0()?.get().invoice) }
        #expect(firstInvoice.number == 1)
        #expect(laterInvoices.map(\.number).sorted() == Array(2...9))

        let rows = try locked.observer.query(
            """
            SELECT count(DISTINCT xmin::text) AS transactions, count(*) AS invoices,
                (SELECT count(*) FROM access_log a WHERE a.tenant_id = $1
                    AND a.method = $2 AND a.status_code = 0) AS entries
            FROM invoices WHERE tenant_id = $1 AND number > 1
            """, [locked.tenant.tenantID, MethodNames.issueInvoice])
        #expect(rows[0, "invoices"] == "8")
        #expect(rows[0, "transactions"] == "1")
        #expect(rows[0, "entries"] == "9")

        // Each access-log entry names the invoice of its own call.
        let entries = try locked.observer.query(
            """
            SELECT count(*) AS matching FROM access_log a JOIN invoices i
                ON i.tenant_id = a.tenant_id AND i.invoice_id::text = a.resource_id
            WHERE a.tenant_id = $1 AND a.method = $2
                AND a.changes->'number'->>'after' = i.number::text
                AND a.changes->'content_hash'->>'after' = encode(i.content_hash, 'hex')
            """, [locked.tenant.tenantID, MethodNames.issueInvoice])
        #expect(entries[0, "matching"] == "9")

        // Issue times follow the numbers, and each is no later than the
        // entry its call wrote after taking the number.
        let times = try locked.observer.query(
            """
            SELECT i.number, i.issued_at <= a.occurred_at AS before_entry,
                i.issued_at >= lag(i.issued_at) OVER (ORDER BY i.number) AS after_previous
            FROM invoices i JOIN access_log a
                ON a.tenant_id = i.tenant_id AND a.resource_id = i.invoice_id::text
            WHERE i.tenant_id = $1 AND a.method = $2 ORDER BY i.number
            """, [locked.tenant.tenantID, MethodNames.issueInvoice])
        #expect(times.rowCount == 9)
        for row in 0..<times.rowCount {
            #expect(times[row, "before_entry"] == "t")
            #expect(row == 0 || times[row, "after_previous"] == "t")
        }

        let verified = try locked.tenant.admin.call(
            MethodNames.verifyInvoices, VerifyInvoicesRequest(), as: VerifyInvoicesResponse.self)
        #expect(verified.checked == 9)
        #expect(verified.mismatches.isEmpty)
        for invoice in laterInvoices {
            let read = try locked.tenant.admin.call(
                MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
            #expect(read == invoice)
        }
    }

    @Test("failed batch retries each call alone")
    func failedBatchRetriesAlone() throws {
        let locked = try LockedSeries()
        defer { locked.close() }
        let clients = try (0..<3).map { _ in try locked.server.client(apiKey: locked.tenant.created.apiKey) }
        defer { clients.forEach { $0.close() } }

        let first = Self.startIssue(clients[0], key: "retry-first")
        #expect(try locked.waitUntilQueued(0))
        // Two waiting calls use one key for different invoices: their batch
        // fails at the key's unique index, and nothing of it stays.
        var later = (0..<4).map { index in
            Self.startIssue(clients[index % clients.count], key: "retry-\(index)")
        }
        later.append(Self.startIssue(clients[1], key: "retry-shared", buyer: "甲方有限公司"))
        later.append(Self.startIssue(clients[2], key: "retry-shared", buyer: "乙方有限公司"))
        #expect(try locked.waitUntilQueued(later.count))
        try locked.release()

        #expect(try first()?.get().invoice?.number == 1)
        let outcomes = later.map { $0() }
        for outcome in outcomes.prefix(4) {
            #expect(try outcome?.get().invoice != nil)
        }
        let shared = outcomes.suffix(2)
        let issued = shared.compactMap { try? $0?.get().invoice }
        let rejected = shared.compactMap { outcome -> CallStatus? in
            if case .failure(let status) = outcome { return status }
            return nil
        }
        #expect(issued.count == 1)
        #expect(rejected.map(\.code) == [.failedPrecondition])
        #expect(rejected.first?.message.contains("retry-shared") == true)

        let numbers = try locked.observer.query(
            "SELECT number FROM invoices WHERE tenant_id = $1 ORDER BY number",
            [locked.tenant.tenantID])
        #expect((0..<numbers.rowCount).map { numbers[$0, "number"] } == (1...6).map(String.init))
        #expect(locked.server.logLines.contains { $0.contains("issuing_batch_failed") })
        let verified = try locked.tenant.admin.call(
            MethodNames.verifyInvoices, VerifyInvoicesRequest(), as: VerifyInvoicesResponse.self)
        #expect(verified.checked == 6)
        #expect(verified.mismatches.isEmpty)
    }

    @Test("deadline in the queue stores nothing")
    func deadlineInQueue() throws {
        let locked = try LockedSeries()
        defer { locked.close() }
        let other = try locked.server.client(apiKey: locked.tenant.created.apiKey)
        defer { other.close() }

        let first = Self.startIssue(locked.tenant.admin, key: "deadline-first")
        #expect(try locked.waitUntilQueued(0))
        let hurried = Self.startIssue(
            other, key: "deadline-hurried", timeout: .milliseconds(700), requestID: "hurried-call")
        let outcome = hurried()
        // The first call still waits for the row while the second gives up.
        guard case .failure(let status) = outcome else {
            Issue.record("expected DEADLINE_EXCEEDED, got \(String(describing: outcome))")
            try locked.release()
            return
        }
        #expect(status.code == .deadlineExceeded)
        try locked.release()
        #expect(try first()?.get().invoice?.number == 1)

        // The client learns of the deadline from the server's timer, which can
        // come before the handler has written the entry.
        for _ in 0..<100 {
            let entry = try locked.observer.query(
                "SELECT 1 FROM access_log WHERE tenant_id = $1 AND request_id = 'hurried-call'",
                [locked.tenant.tenantID])
            if entry.rowCount > 0 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let rows = try locked.observer.query(
            """
            SELECT (SELECT count(*) FROM invoices WHERE tenant_id = $1) AS invoices,
                (SELECT count(*) FROM invoices WHERE tenant_id = $1
                    AND idempotency_key = 'deadline-hurried') AS hurried,
                (SELECT string_agg(status_code::text, ',') FROM access_log
                    WHERE tenant_id = $1 AND request_id = 'hurried-call') AS entries
            """, [locked.tenant.tenantID])
        #expect(rows[0, "invoices"] == "1")
        #expect(rows[0, "hurried"] == "0")
        // The server ended the call itself: its entry records DEADLINE_EXCEEDED.
        #expect(rows[0, "entries"] == "4")
        let next = try locked.tenant.issueInvoice()
        #expect(next.number == 2)
    }

    @Test("killed waiting connection: OK only when stored")
    func killedWaitingConnection() throws {
        let locked = try LockedSeries()
        defer { locked.close() }
        let clients = try (0..<3).map { _ in try locked.server.client(apiKey: locked.tenant.created.apiKey) }
        defer { clients.forEach { $0.close() } }

        let first = Self.startIssue(clients[0], key: "killed-first")
        #expect(try locked.waitUntilQueued(0))
        let keys = (0..<4).map { "killed-\($0)" }
        var later: [() -> Result<IssueInvoiceResponse, CallStatus>?] = []
        for (index, key) in keys.enumerated() {
            later.append(Self.startIssue(clients[index % clients.count], key: key))
            #expect(try locked.waitUntilQueued(index + 1))
        }
        // The connection of the newest waiting call breaks while it waits.
        let victim = try #require(try locked.queuedConnections().last)
        _ = try locked.observer.query("SELECT pg_terminate_backend($1::int)", [victim])
        try locked.release()

        #expect(try first()?.get().invoice?.number == 1)
        var succeeded = 0
        for (key, outcome) in zip(keys, later.map { $0() }) {
            let stored = try locked.observer.query(
                "SELECT count(*) AS stored FROM invoices WHERE tenant_id = $1 AND idempotency_key = $2",
                [locked.tenant.tenantID, key])
            switch outcome {
            case .success(let response):
                succeeded += 1
                #expect(stored[0, "stored"] == "1", "\(key) succeeded but was not stored")
                #expect(response.invoice != nil)
            case .failure(let status):
                #expect(status.code == .unavailable, "\(key): \(status)")
                #expect(stored[0, "stored"] == "0", "\(key) failed with \(status.code) but was stored")
            case nil:
                Issue.record("\(key) did not finish")
            }
        }
        #expect(succeeded >= 3)
        let numbers = try locked.observer.query(
            "SELECT number FROM invoices WHERE tenant_id = $1 ORDER BY number", [locked.tenant.tenantID])
        #expect((0..<numbers.rowCount).map { numbers[$0, "number"] } == (1...(succeeded + 1)).map(String.init))
    }

    @Test("deadline passing in a waiting batch stores nothing")
    func deadlineInsideBatch() throws {
        let locked = try LockedSeries()
        defer { locked.close() }
        let clients = try (0..<3).map { _ in try locked.server.client(apiKey: locked.tenant.created.apiKey) }
        defer { clients.forEach { $0.close() } }

        let first = Self.startIssue(clients[0], key: "inside-first")
        #expect(try locked.waitUntilQueued(0))
        let patient = Self.startIssue(clients[1], key: "inside-patient")
        #expect(try locked.waitUntilQueued(1))
        let hurried = Self.startIssue(
            clients[2], key: "inside-hurried", timeout: .milliseconds(1500), requestID: "inside-hurried")
        #expect(try locked.waitUntilQueued(2))
        // The first call's connection ends, so the oldest waiting call runs
        // both statements, and its first statement waits for the row while
        // the second call's deadline passes.
        _ = try locked.observer.query(
            """
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND usename = 'fapiao_app' AND wait_event_type = 'Lock'
            """)
        guard case .failure(let firstStatus) = first() else {
            Issue.record("the first call should have lost its connection")
            try locked.release()
            return
        }
        #expect(firstStatus.code == .unavailable)
        for _ in 0..<100 where try locked.waitingForLock() == 0 { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try locked.waitingForLock() == 1)
        guard case .failure(let hurriedStatus) = hurried() else {
            Issue.record("the hurried call should have failed")
            try locked.release()
            return
        }
        #expect(hurriedStatus.code == .deadlineExceeded)
        try locked.release()

        #expect(try patient()?.get().invoice?.number == 1)
        let rows = try locked.observer.query(
            """
            SELECT (SELECT string_agg(idempotency_key, ',') FROM invoices WHERE tenant_id = $1) AS keys,
                (SELECT next_number FROM invoice_series WHERE tenant_id = $1 AND series = 'DEFAULT') AS next
            """, [locked.tenant.tenantID])
        #expect(rows[0, "keys"] == "inside-patient")
        #expect(rows[0, "next"] == "2")
    }

    @Test("large invoices are numbered alone")
    func largeInvoicesAlone() throws {
        let locked = try LockedSeries()
        defer { locked.close() }
        let clients = try (0..<3).map { _ in try locked.server.client(apiKey: locked.tenant.created.apiKey) }
        defer { clients.forEach { $0.close() } }

        let first = Self.startIssue(clients[0], key: "large-first")
        #expect(try locked.waitUntilQueued(0))
        // Two of 600 lines exceed the 1,000 lines of one batch; 300 fit.
        let later = [
            Self.startIssue(clients[1], key: "large-0", lines: 600),
            Self.startIssue(clients[2], key: "large-1", lines: 600),
            Self.startIssue(clients[0], key: "large-2", lines: 300),
        ]
        #expect(try locked.waitUntilQueued(later.count))
        try locked.release()

        #expect(try first()?.get().invoice?.number == 1)
        for outcome in later { #expect(try outcome()?.get().invoice != nil) }
        let rows = try locked.observer.query(
            """
            SELECT count(DISTINCT xmin::text) AS transactions, sum(lines) AS lines FROM (
                SELECT i.xmin, (SELECT count(*) FROM invoice_lines l
                    WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.invoice_id) AS lines
                FROM invoices i WHERE i.tenant_id = $1 AND i.number > 1) AS queued
            """, [locked.tenant.tenantID])
        #expect(rows[0, "lines"] == "1500")
        #expect(rows[0, "transactions"] == "2")
    }
}
