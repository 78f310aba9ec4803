import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Synchronization
import Testing

@Suite("IssueInvoice end to end")
struct IssueInvoiceTests {
    @Test("issue then read back field by field")
    func issueAndReadBack() throws {
        let server = SharedServer.instance
        let tenant = try SharedServer.createTenant("读回测试")
        let client = try server.client(apiKey: tenant.apiKey)
        defer { client.close() }
        let request = sampleInvoiceRequest()
        let issued = try client.call(
            MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self,
            metadata: idempotencyMetadata())
        let invoice = try #require(issued.invoice)
        #expect(issued.replayed == false)
        #expect(invoice.number == 1)
        #expect(invoice.series == "DEFAULT")
        #expect(invoice.status == .issued)
        #expect(invoice.tenantID == tenant.tenant?.id)
        #expect(invoice.issuedBy == tenant.adminPrincipalID)

        // 3 x 5299.00 = 15897.00, tax 2066.61; 2 x 1091.50 = 2183.00, tax 283.79;
        // 1.5 x 1333.33 = 1999.995 -> 2000.00, tax 120.00.
        #expect(invoice.lines.map(\.amount) == ["15897.00", "2183.00", "2000.00"])
        #expect(invoice.lines.map(\.taxAmount) == ["2066.61", "283.79", "120.00"])
        #expect(invoice.totalAmount == "20080.00")
        #expect(invoice.totalTax == "2470.40")
        #expect(invoice.totalWithTax == "22550.40")

        let read = try client.call(
            MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
        #expect(read == invoice)
        #expect(read.seller == request.seller)
        #expect(read.buyer?.name == request.buyer?.name)
        #expect(read.buyer?.taxID == request.buyer?.taxID)
        #expect(read.currency == "CNY")
        #expect(read.remarks == request.remarks)
        #expect(read.issuer == request.issuer)
        #expect(read.lines.count == request.lines.count)
        for (line, input) in zip(read.lines, request.lines) {
            #expect(line.itemName == input.itemName)
            #expect(line.specification == input.specification)
            #expect(line.unit == input.unit)
            #expect(line.quantity == input.quantity)
            #expect(line.unitPrice == input.unitPrice)
            #expect(line.taxRate == input.taxRate)
        }
        #expect(read.lines.map(\.lineNumber) == [1, 2, 3])
        #expect(read.displayNumber.hasPrefix("DEFAULT-"))
        #expect(read.displayNumber.hasSuffix("-00000001"))
        #expect(read.issuedAt.hasSuffix("Z"))
    }

    @Test("awkward text and decimals verify")
    func awkwardValuesVerify() throws {
        let server = SharedServer.instance
        let tenant = try SharedServer.createTenant("转义测试")
        let client = try server.client(apiKey: tenant.apiKey)
        defer { client.close() }
        var request = sampleInvoiceRequest(buyer: "买方 \"引号\" \\ 反斜杠")
        // Quotes, backslashes, commas and braces travel in SQL array literals;
        // backslashes are escaped in the canonical text.
        request.lines = [
            InvoiceLineInput(
                itemName: #"{"a,b"} \ end"#, specification: #"line\nbreak"#, unit: "个",
                quantity: "2.500", unitPrice: "0.10", taxRate: "0.130"),
            InvoiceLineInput(
                itemName: "NULL", specification: "", unit: "", quantity: "0.001",
                unitPrice: "1000", taxRate: "0"),
        ]
        request.remarks = #"第一行\n第二行 \\n"#
        let issued = try client.call(
            MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self,
            metadata: idempotencyMetadata())
        let invoice = try #require(issued.invoice)
        #expect(invoice.lines.map(\.itemName) == [#"{"a,b"} \ end"#, "NULL"])
        #expect(invoice.lines.map(\.specification) == [#"line\nbreak"#, ""])
        #expect(invoice.lines.map(\.quantity) == ["2.500", "0.001"])
        #expect(invoice.remarks == request.remarks)
        #expect(invoice.buyer?.name == request.buyer?.name)
        #expect(invoice.contentHash.count == 64)

        let read = try client.call(
            MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
        #expect(read == invoice)
        let verified = try client.call(
            MethodNames.verifyInvoices, VerifyInvoicesRequest(), as: VerifyInvoicesResponse.self)
        #expect(verified.checked == 1)
        #expect(verified.mismatches.isEmpty)
    }

    @Test("issuance writes its access-log row")
    func accessLogRow() throws {
        let server = SharedServer.instance
        let tenant = try SharedServer.createTenant("日志测试")
        let client = try server.client(apiKey: tenant.apiKey)
        defer { client.close() }
        var metadata = idempotencyMetadata()
        metadata.add(Metadata.Key.requestID, "req-log-test-1")
        let issued = try client.call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: metadata)
        let invoice = try #require(issued.invoice)

        let database = try #require(server.database)
        let connection = try database.connect()
        defer { connection.close() }
        let rows = try connection.query(
            """
            SELECT principal_id, principal_name, credential, client_address, request_id,
                status_code, resource_type, changes->'number'->>'after' AS number
            FROM access_log WHERE tenant_id = $1 AND method = $2 AND resource_id = $3
            """, [tenant.tenant?.id, MethodNames.issueInvoice, invoice.id])
        #expect(rows.rowCount == 1)
        #expect(rows[0, "principal_id"] == tenant.adminPrincipalID)
        #expect(rows[0, "principal_name"] == "admin")
        #expect(rows[0, "credential"]?.hasPrefix("api_key:") == true)
        #expect(rows[0, "client_address"]?.hasPrefix("127.0.0.1:") == true)
        #expect(rows[0, "request_id"] == "req-log-test-1")
        #expect(rows[0, "status_code"] == "0")
        #expect(rows[0, "resource_type"] == "invoice")
        #expect(rows[0, "number"] == "1")
    }

    @Test("same key replays, other request fails")
    func idempotentReplay() throws {
        let server = SharedServer.instance
        let tenant = try SharedServer.createTenant("幂等测试")
        let client = try server.client(apiKey: tenant.apiKey)
        defer { client.close() }
        let metadata = idempotencyMetadata("order-4711")
        let first = try client.call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: metadata)
        let second = try client.call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: metadata)
        #expect(second.replayed)
        #expect(second.invoice == first.invoice)

        let status = expectStatus {
            _ = try client.call(
                MethodNames.issueInvoice, sampleInvoiceRequest(buyer: "另一家公司"),
                as: IssueInvoiceResponse.self, metadata: metadata)
        }
        #expect(status?.code == .failedPrecondition)
        #expect(status?.message.contains("order-4711") == true)

        let missingKey = expectStatus {
            _ = try client.call(
                MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self)
        }
        #expect(missingKey?.code == .invalidArgument)
        #expect(missingKey?.message.contains("idempotency-key") == true)
    }

    @Test("concurrent issuance numbers 1 to N")
    func concurrentNumbering() throws {
        let server = SharedServer.instance
        let tenant = try SharedServer.createTenant("并发编号")
        let clients = try (0..<4).map { _ in try server.client(apiKey: tenant.apiKey) }
        defer { clients.forEach { $0.close() } }
        let count = 40
        let numbers = NumberCollector()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let client = clients[index % clients.count]
            if let response = try? client.call(
                MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
                metadata: idempotencyMetadata("concurrent-\(index)"))
            {
                numbers.add(response.invoice?.number ?? 0)
            }
        }
        #expect(numbers.sorted == Array(1...UInt64(count)))
    }

    @Test("validation error names fields")
    func validationError() throws {
        let tenant = try SharedServer.createTenant("校验测试")
        let client = try SharedServer.instance.client(apiKey: tenant.apiKey)
        defer { client.close() }
        var request = sampleInvoiceRequest()
        request.lines[1].unitPrice = "12.3.4"
        request.currency = "RMB"
        let status = expectStatus {
            _ = try client.call(
                MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self,
                metadata: idempotencyMetadata())
        }
        #expect(status?.code == .invalidArgument)
        #expect(status?.message.contains("lines[1].unitPrice") == true)
        #expect(status?.message.contains("'RMB'") == true)
    }

    @Test("other tenant's invoice is not found")
    func crossTenantRead() throws {
        let server = SharedServer.instance
        let owner = try SharedServer.createTenant("甲公司")
        let other = try SharedServer.createTenant("乙公司")
        let ownerClient = try server.client(apiKey: owner.apiKey)
        let otherClient = try server.client(apiKey: other.apiKey)
        defer {
            ownerClient.close()
            otherClient.close()
        }
        let invoice = try #require(
            try ownerClient.call(
                MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
                metadata: idempotencyMetadata()
            ).invoice)
        let foreign = expectStatus {
            _ = try otherClient.call(
                MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
        }
        let missing = expectStatus {
            _ = try otherClient.call(
                MethodNames.getInvoice, GetInvoiceRequest(id: UUID().uuidString), as: Invoice.self)
        }
        #expect(foreign?.code == .notFound)
        #expect(missing?.code == .notFound)
    }
}

/// Numbers collected from concurrent calls.
final class NumberCollector: Sendable {
    private let numbers = Mutex<[UInt64]>([])

    func add(_ number: UInt64) { numbers.withLock { $0.append(number) } }

    var sorted: [UInt64] { numbers.withLock { $0.sorted() } }
}
