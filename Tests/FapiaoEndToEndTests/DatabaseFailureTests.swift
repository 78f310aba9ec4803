import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Synchronization
import Testing

@Suite("Database failures during calls")
struct DatabaseFailureTests {
    @Test("lost connection is retryable and logged")
    func lostConnectionLogged() throws {
        let server = try ServerProcess()
        defer { server.remove() }
        let tenant = try TenantFixture(on: server)
        let superuser = try #require(server.database).connect()
        defer { superuser.close() }

        // The series row stays locked, so the issuing statement waits and
        // its backend can be terminated while the call is in flight.
        try superuser.execute(script: "BEGIN")
        _ = try superuser.query(
            "SELECT next_number FROM invoice_series WHERE tenant_id = $1 AND series = 'DEFAULT' FOR UPDATE",
            [tenant.tenantID])
        let requestID = "lost-\(UUID().uuidString)"
        let outcome = Mutex<CallStatus?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var metadata = idempotencyMetadata()
            metadata.add(Metadata.Key.requestID, requestID)
            do {
                _ = try tenant.admin.call(
                    MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
                    metadata: metadata)
            } catch let status as CallStatus {
                outcome.withLock { $0 = status }
            } catch {}
            finished.signal()
        }
        let observer = try #require(server.database).connect()
        defer { observer.close() }
        var terminated = false
        for _ in 0..<100 where !terminated {
            let waiting = try observer.query(
                """
                SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
                WHERE usename = 'fapiao_app' AND wait_event_type = 'Lock'
                    AND datname = current_database()
                """)
            terminated = waiting.rowCount > 0
            if !terminated { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(terminated)
        try superuser.execute(script: "ROLLBACK")
        #expect(finished.wait(timeout: .now() + 10) == .success)

        #expect(outcome.withLock { $0?.code } == .unavailable)
        let entries = try observer.query(
            "SELECT status_code FROM access_log WHERE tenant_id = $1 AND request_id = $2",
            [tenant.tenantID, requestID])
        #expect(entries.rowCount == 1)
        if entries.rowCount == 1 {
            #expect(entries[0, "status_code"] == "14")
        }
        let invoices = try observer.query(
            "SELECT count(*) AS issued FROM invoices WHERE tenant_id = $1", [tenant.tenantID])
        #expect(invoices[0, "issued"] == "0")

        // The next call gets a working connection.
        let invoice = try tenant.issueInvoice()
        #expect(invoice.number == 1)
    }

    @Test("pool wait ending at the deadline is DEADLINE_EXCEEDED")
    func poolWaitAtDeadline() throws {
        let server = try ServerProcess(environment: ["FAPIAO_DB_POOL_SIZE": "1"])
        defer { server.remove() }
        let tenant = try TenantFixture(on: server)
        defer { tenant.close() }
        let superuser = try #require(server.database).connect()
        defer { superuser.close() }
        let invoice = try tenant.issueInvoice()

        // The only pooled connection waits for the locked counter row.
        try superuser.execute(script: "BEGIN")
        _ = try superuser.query(
            "SELECT next_number FROM invoice_series WHERE tenant_id = $1 AND series = 'DEFAULT' FOR UPDATE",
            [tenant.tenantID])
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? tenant.issueInvoice()
            finished.signal()
        }
        for _ in 0..<100 {
            let waiting = try superuser.query(
                """
                SELECT count(*) AS waiting FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'
                """)
            if waiting[0, "waiting"] == "1" { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let status = expectStatus {
            _ = try tenant.admin.call(
                MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self,
                timeout: .milliseconds(400))
        }
        #expect(status?.code == .deadlineExceeded)
        try superuser.execute(script: "ROLLBACK")
        #expect(finished.wait(timeout: .now() + 10) == .success)
    }

    @Test("deadline of 30 days works")
    func longDeadline() throws {
        let tenant = try TenantFixture()
        defer { tenant.close() }
        // 2,592,000,000 ms is beyond statement_timeout's maximum.
        let response = try tenant.admin.call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: idempotencyMetadata(), timeout: .seconds(30 * 24 * 3600))
        #expect(response.invoice?.number == 1)
        let read = try tenant.admin.call(
            MethodNames.getInvoice, GetInvoiceRequest(id: response.invoice?.id ?? ""),
            as: Invoice.self, timeout: .seconds(30 * 24 * 3600))
        #expect(read == response.invoice)
    }
}
