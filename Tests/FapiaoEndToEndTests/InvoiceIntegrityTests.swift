import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Synchronization
import Testing

@Suite("Invoice integrity")
struct InvoiceIntegrityTests {
    @Test("64 clients number one series gaplessly")
    func concurrentNumbering() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let operatorClient = try server.client()
        defer { operatorClient.close() }
        _ = try operatorClient.call(
            MethodNames.updateTenantSettings,
            UpdateTenantSettingsRequest(
                id: fixture.tenantID,
                settings: TenantSettings(rateLimitPerSecond: 100_000, rateLimitBurst: 100_000, maxConcurrentCalls: 1000)),
            as: Tenant.self)
        let clients = try (0..<64).map { _ in try server.client(apiKey: fixture.created.apiKey) }
        defer { clients.forEach { $0.close() } }
        let total = 2000
        let invalidEvery = 10
        let outcomes = Mutex<(numbers: [UInt64], invalid: Int, other: [String])>(([], 0, []))
        DispatchQueue.concurrentPerform(iterations: clients.count) { worker in
            for index in stride(from: worker, to: total, by: clients.count) {
                var request = sampleInvoiceRequest()
                if index % invalidEvery == 0 { request.lines[0].quantity = "-1" }
                do {
                    let response = try clients[worker].call(
                        MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self,
                        metadata: idempotencyMetadata("bulk-\(index)"))
                    outcomes.withLock { $0.numbers.append(response.invoice?.number ?? 0) }
                } catch let status as CallStatus where status.code == .invalidArgument {
                    outcomes.withLock { $0.invalid += 1 }
                } catch {
                    outcomes.withLock { $0.other.append("\(error)") }
                }
            }
        }
        let result = outcomes.withLock { $0 }
        #expect(result.other.isEmpty, "\(result.other.prefix(3))")
        #expect(result.invalid == total / invalidEvery)
        let valid = total - total / invalidEvery
        #expect(result.numbers.sorted() == Array(1...UInt64(valid)))

        let connection = try #require(server.database).connect()
        defer { connection.close() }
        let stored = try connection.query(
            "SELECT count(*) AS invoices, count(DISTINCT number) AS numbers, max(number) AS highest FROM invoices WHERE tenant_id = $1",
            [fixture.tenantID])
        #expect(try stored.int(row: 0, column: "invoices") == valid)
        #expect(try stored.int(row: 0, column: "numbers") == valid)
        #expect(try stored.int(row: 0, column: "highest") == valid)
        let counter = try connection.query(
            "SELECT next_number FROM invoice_series WHERE tenant_id = $1 AND series = 'DEFAULT'", [fixture.tenantID])
        #expect(try counter.int(row: 0, column: "next_number") == valid + 1)
    }

    @Test("same key in parallel yields one invoice")
    func parallelRetries() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let clients = try (0..<20).map { _ in try server.client(apiKey: fixture.created.apiKey) }
        defer { clients.forEach { $0.close() } }
        let ids = Mutex<[String]>([])
        let replays = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: clients.count) { index in
            if let response = try? clients[index].call(
                MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
                metadata: idempotencyMetadata("order-parallel"))
            {
                ids.withLock { $0.append(response.invoice?.id ?? "") }
                if response.replayed { replays.withLock { $0 += 1 } }
            }
        }
        let collected = ids.withLock { $0 }
        #expect(collected.count == clients.count)
        #expect(Set(collected).count == 1)
        #expect(replays.withLock { $0 } == clients.count - 1)
        let connection = try #require(server.database).connect()
        defer { connection.close() }
        let rows = try connection.query("SELECT count(*) AS invoices FROM invoices WHERE tenant_id = $1", [fixture.tenantID])
        #expect(try rows.int(row: 0, column: "invoices") == 1)
        let next = try fixture.issueInvoice()
        #expect(next.number == 2)
    }

    @Test("owner cannot edit issued content")
    func ownerUpdateRejected() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let invoice = try fixture.issueInvoice()
        let owner = try #require(server.database).connect()
        defer { owner.close() }
        let statements = [
            "UPDATE invoices SET total_amount = total_amount + 1 WHERE invoice_id = '\(invoice.id)'",
            "UPDATE invoices SET buyer_name = 'x' WHERE invoice_id = '\(invoice.id)'",
            "UPDATE invoices SET content_hash = NULL WHERE invoice_id = '\(invoice.id)'",
            "UPDATE invoice_lines SET amount = 0 WHERE invoice_id = '\(invoice.id)'",
            "DELETE FROM invoice_lines WHERE invoice_id = '\(invoice.id)'",
            "DELETE FROM invoices WHERE invoice_id = '\(invoice.id)'",
        ]
        for statement in statements {
            do {
                _ = try owner.query(statement)
                Issue.record("accepted: \(statement)")
            } catch {
                #expect(error.sqlState == "42501", "\(statement): \(error)")
            }
        }
        let after = try fixture.admin.call(MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
        #expect(after == invoice)
    }

    @Test("truncate of invoices is rejected")
    func truncateRejected() throws {
        // A server of its own, because TRUNCATE locks the whole table.
        let server = try ServerProcess()
        defer { server.remove() }
        let fixture = try TenantFixture(on: server)
        defer { fixture.close() }
        _ = try fixture.issueInvoice()
        let owner = try #require(server.database).connect()
        defer { owner.close() }
        for statement in ["TRUNCATE invoice_lines", "TRUNCATE invoice_lines, invoices CASCADE"] {
            do {
                _ = try owner.query(statement)
                Issue.record("accepted: \(statement)")
            } catch {
                #expect(error.sqlState == "42501", "\(statement): \(error)")
            }
        }
        let rows = try owner.query("SELECT count(*) AS invoices FROM invoices")
        #expect(try rows.int(row: 0, column: "invoices") == 1)
    }

    @Test("VerifyInvoices reports a tampered invoice")
    func tamperDetected() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let invoices = try (0..<3).map { _ in try fixture.issueInvoice() }
        let clean = try fixture.admin.call(MethodNames.verifyInvoices, VerifyInvoicesRequest(), as: VerifyInvoicesResponse.self)
        #expect(clean.checked == 3)
        #expect(clean.mismatches.isEmpty)

        // As a superuser, switch the trigger off, edit one line, switch it on.
        let target = invoices[1]
        let superuser = try #require(server.database).connect()
        defer { superuser.close() }
        try superuser.transaction { connection in
            _ = try connection.query("ALTER TABLE invoice_lines DISABLE TRIGGER invoice_lines_immutable")
            let updated = try connection.query(
                "UPDATE invoice_lines SET amount = amount + 0.01 WHERE invoice_id = $1 AND line_number = 1", [target.id])
            #expect(updated.affectedRows == 1)
            _ = try connection.query("ALTER TABLE invoice_lines ENABLE TRIGGER invoice_lines_immutable")
        }

        let report = try fixture.admin.call(
            MethodNames.verifyInvoices, VerifyInvoicesRequest(), as: VerifyInvoicesResponse.self)
        #expect(report.checked == 3)
        #expect(report.mismatches.map(\.invoiceID) == [target.id])
        #expect(report.mismatches.first?.storedHash == target.contentHash)
        #expect(report.mismatches.first?.computedHash != target.contentHash)
        #expect(report.mismatches.first?.displayNumber == target.displayNumber)
    }

    @Test("client totals must match")
    func clientTotals() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        var request = sampleInvoiceRequest()
        request.totalAmount = "20080.00"
        request.totalTax = "2470.41"
        let status = callStatus(
            fixture.admin, MethodNames.issueInvoice, request: request.protobufBytes(), metadata: idempotencyMetadata())
        #expect(status.code == .invalidArgument)
        #expect(status.message.contains("totalTax"))
        #expect(status.message.contains("2470.41"))
        #expect(status.message.contains("2470.40"))
        #expect(!status.message.contains("totalAmount"))
        request.totalTax = "2470.40"
        request.totalWithTax = "22550.40"
        let accepted = callStatus(
            fixture.admin, MethodNames.issueInvoice, request: request.protobufBytes(), metadata: idempotencyMetadata())
        #expect(accepted.code == .ok)
    }

    @Test("per-rate tenant totals add up")
    func perRateTenant() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let settings = try fixture.admin.call(
            MethodNames.updateInvoiceSettings,
            UpdateInvoiceSettingsRequest(settings: InvoiceSettings(taxRounding: .perRate)),
            as: InvoiceSettings.self)
        #expect(settings.taxRounding == .perRate)
        var request = sampleInvoiceRequest()
        request.lines = (0..<3).map { _ in
            InvoiceLineInput(itemName: "螺丝", unit: "个", quantity: "1", unitPrice: "0.05", taxRate: "0.13")
        }
        let response = try fixture.admin.call(
            MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self, metadata: idempotencyMetadata())
        let invoice = try #require(response.invoice)
        // 0.15 x 0.13 = 0.0195 rounds to 0.02 once; per line it would be 0.03.
        #expect(invoice.totalTax == "0.02")
        #expect(invoice.totalWithTax == "0.17")
        #expect(invoice.lines.map(\.taxAmount).sorted() == ["0.00", "0.01", "0.01"])
    }
}

@Suite("Database rules of the life cycle")
struct LifecycleRuleTests {
    @Test("application role cannot skip the life cycle")
    func illegalUpdates() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let invoice = try fixture.issueInvoice()
        let database = try #require(server.database)
        let app = try PostgresConnection(
            url: try ConnectionInfo.setting(["user": "fapiao_app", "password": nil], in: database.url))
        defer { app.close() }
        let statements = [
            "UPDATE invoices SET status = 'archived' WHERE invoice_id = '\(invoice.id)'",
            "UPDATE invoices SET status = 'reversed' WHERE invoice_id = '\(invoice.id)'",
            """
            INSERT INTO invoice_lines (tenant_id, invoice_id, line_number, item_name, quantity,
                unit_price, tax_rate, amount, tax_amount)
            VALUES ('\(fixture.tenantID)', '\(invoice.id)', 99, 'x', 1, 1, 0.13, 1, 0.13)
            """,
        ]
        for statement in statements {
            do {
                try app.transaction { connection in
                    _ = try connection.query("SELECT set_config('fapiao.tenant_id', $1, true)", [fixture.tenantID])
                    _ = try connection.query(statement)
                }
                Issue.record("accepted: \(statement)")
            } catch {
                #expect(["23514", "42501"].contains((error as? PostgresError)?.sqlState ?? ""), "\(statement): \(error)")
            }
        }
        let after = try fixture.admin.call(MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
        #expect(after == invoice)
    }

    @Test("credit notes stay within rates and above zero")
    func creditRules() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let invoice = try fixture.issueInvoice()
        func credit(_ lines: [InvoiceLineInput]) -> CallStatus {
            var metadata = Metadata()
            metadata.add(Metadata.Key.idempotencyKey, UUID().uuidString)
            return callStatus(
                fixture.admin, MethodNames.issueCreditNote,
                request: IssueCreditNoteRequest(originalInvoiceID: invoice.id, reason: .salesReturn, lines: lines)
                    .protobufBytes(),
                metadata: metadata)
        }
        let zero = credit([InvoiceLineInput(itemName: "零", quantity: "1", unitPrice: "0", taxRate: "0.13")])
        #expect(zero.code == .invalidArgument)
        let otherRate = credit([InvoiceLineInput(itemName: "米", quantity: "1", unitPrice: "10.00", taxRate: "0.09")])
        #expect(otherRate.code == .invalidArgument)
        #expect(otherRate.message.contains("lines[0].taxRate"))
        // The 6 % line of the sample invoice is 2000.00; 2500.00 at 6 % exceeds it.
        let overRate = credit([InvoiceLineInput(itemName: "维护服务", quantity: "1", unitPrice: "2500.00", taxRate: "0.06")])
        #expect(overRate.code == .failedPrecondition)
        #expect(overRate.message.contains("0.06"))
        let fits = credit([InvoiceLineInput(itemName: "维护服务", quantity: "1", unitPrice: "2000.00", taxRate: "0.06")])
        #expect(fits.code == .ok)
        let again = credit([InvoiceLineInput(itemName: "维护服务", quantity: "1", unitPrice: "0.01", taxRate: "0.06")])
        #expect(again.code == .failedPrecondition)
    }

    @Test("times beyond PostgreSQL offsets are invalid")
    func strictTimes() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        for time in ["2026-01-01T00:00:00+16:00", "2026-01-01T00:00:00Zjunk", "2026-01-01 00:00:00Z", "2026-01-01T24:00:00Z"] {
            var filter = InvoiceFilter()
            filter.issuedFrom = time
            let status = callStatus(
                fixture.admin, MethodNames.listInvoices, request: ListInvoicesRequest(filter: filter).protobufBytes())
            #expect(status.code == .invalidArgument, "\(time): \(status)")
        }
    }

    @Test("retention exception spares recent entries")
    func purgeExceptionBounded() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        _ = try fixture.issueInvoice()
        let owner = try #require(server.database).connect()
        defer { owner.close() }
        do {
            try owner.transaction { connection in
                _ = try connection.query("SELECT set_config('fapiao.retention_purge', 'on', true)")
                _ = try connection.query("DELETE FROM access_log WHERE tenant_id = $1", [fixture.tenantID])
            }
            Issue.record("a recent entry was deleted")
        } catch {
            #expect((error as? PostgresError)?.sqlState == "42501", "\(error)")
        }
    }
}
