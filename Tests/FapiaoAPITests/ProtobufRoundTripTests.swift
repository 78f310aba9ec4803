import FapiaoAPI
import FapiaoWire
import Testing

/// Returns an invoice with every field set to a value other than its default.
private func populatedInvoice() -> Invoice {
    var invoice = Invoice()
    invoice.id = "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5d"
    invoice.tenantID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
    invoice.series = "DEFAULT"
    invoice.number = 1_234_567_890_123
    invoice.displayNumber = "DEFAULT-1234567890123"
    invoice.status = .partiallyReversed

    invoice.seller = Party(
        name: "深圳市示例科技有限公司", taxID: "914403001922038216", address: "深圳市南山区",
        phone: "0755-86000000", bankName: "招商银行深圳分行", bankAccount: "755900000010101")
    invoice.buyer = Party(name: "上海样例贸易有限公司", taxID: "91310115MA1K4CXM16")
    invoice.lines = [
        InvoiceLine(
            lineNumber: 1, itemName: "*计算机设备*笔记本电脑", specification: "14 英寸", unit: "台",
            quantity: "3", unitPrice: "5299.00", taxRate: "0.13", amount: "15897.00", taxAmount: "2066.61"),
        InvoiceLine(
            lineNumber: 2, itemName: "*信息技术服务*安装调试服务", unit: "次", quantity: "1",
            unitPrice: "800.00", taxRate: "0.06", amount: "800.00", taxAmount: "48.00"),
        InvoiceLine(
            lineNumber: 3, itemName: "Cable", specification: "2 m", unit: "pc", quantity: "0.5",
            unitPrice: "10", taxRate: "0", amount: "5.00", taxAmount: "0.00"),
    ]

    invoice.currency = "CNY"
    invoice.totalAmount = "16702.00"
    invoice.totalTax = "2114.61"
    invoice.totalWithTax = "18816.61"
    invoice.issuedAt = "2026-08-15T08:30:00.123456Z"
    invoice.remarks = "合同号 HT-2026-0815"
    invoice.issuer = "王芳"
    invoice.issuedBy = "principal-1"
    return invoice
}

@Suite struct ProtobufRoundTripTests {
    @Test func invoiceRoundTrip() throws {
        let invoice = populatedInvoice()

        let decoded = try Invoice(protobufBytes: invoice.protobufBytes())

        #expect(decoded == invoice)
        #expect(decoded.lines.count == 3)
        #expect(decoded.lines[0].itemName == "*计算机设备*笔记本电脑")
        #expect(decoded.seller?.bankName == "招商银行深圳分行")
        #expect(decoded.number == 1_234_567_890_123)
        #expect(decoded.status == .partiallyReversed)
    }

    @Test func invoiceWithoutPartiesRoundTrip() throws {
        var invoice = Invoice()
        invoice.id = "x"

        let decoded = try Invoice(protobufBytes: invoice.protobufBytes())

        #expect(decoded == invoice)
        #expect(decoded.seller == nil)
        #expect(decoded.buyer == nil)
    }

    @Test func issueRequestRoundTrip() throws {
        var request = IssueInvoiceRequest()
        request.series = "B2B"
        request.seller = Party(name: "卖方", taxID: "914403001922038216", address: "地址", phone: "1")
        request.buyer = Party(name: "买方", taxID: "91310115MA1K4CXM16", bankName: "银行", bankAccount: "2")
        request.lines = [
            InvoiceLineInput(
                itemName: "*计算机设备*显示器", specification: "27 英寸", unit: "台", quantity: "2",
                unitPrice: "1091.50", taxRate: "0.13"),
            InvoiceLineInput(itemName: "服务", quantity: "1.5", unitPrice: "1333.33", taxRate: "0.06"),
        ]
        request.currency = "CNY"
        request.remarks = "备注"
        request.issuer = "王芳"

        let decoded = try IssueInvoiceRequest(protobufBytes: request.protobufBytes())

        #expect(decoded == request)
        #expect(decoded.lines.count == 2)
        #expect(decoded.lines[1].unitPrice == "1333.33")
    }

    @Test func issueResponseRoundTrip() throws {
        let response = IssueInvoiceResponse(invoice: populatedInvoice(), replayed: true)

        let decoded = try IssueInvoiceResponse(protobufBytes: response.protobufBytes())

        #expect(decoded == response)
        #expect(decoded.replayed)
    }

    @Test func emptyIssueResponseRoundTrip() throws {
        let response = IssueInvoiceResponse()

        let decoded = try IssueInvoiceResponse(protobufBytes: response.protobufBytes())

        #expect(decoded == response)
        #expect(decoded.invoice == nil)
        #expect(!decoded.replayed)
    }

    @Test func createTenantRequestRoundTrip() throws {
        let request = CreateTenantRequest(name: "北京某某有限公司", adminName: "管理员")

        #expect(try CreateTenantRequest(protobufBytes: request.protobufBytes()) == request)
    }

    @Test func createTenantResponseRoundTrip() throws {
        let tenant = Tenant(
            id: "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e", name: "北京某某有限公司", status: .active,
            createdAt: "2026-01-02T03:04:05.000006Z")
        let response = CreateTenantResponse(
            tenant: tenant, adminPrincipalID: "p-1",
            apiKey: "fpk_6f1c2d3e4a5b4c6d8e7f901a2b3c4d5e_0011223344556677_" + String(repeating: "ab", count: 32))

        let decoded = try CreateTenantResponse(protobufBytes: response.protobufBytes())

        #expect(decoded == response)
        #expect(decoded.tenant?.status == .active)
    }

    @Test func tenantRoundTrip() throws {
        let tenant = Tenant(id: "t", name: "租户", status: .suspended, createdAt: "2026-01-01T00:00:00.000000Z")

        #expect(try Tenant(protobufBytes: tenant.protobufBytes()) == tenant)
    }

    @Test func healthRoundTrip() throws {
        let request = HealthCheckRequest(service: "fapiao.invoice.v1.InvoiceService")

        #expect(try HealthCheckRequest(protobufBytes: request.protobufBytes()) == request)
        for status in ServingStatus.allCases {
            let response = HealthCheckResponse(status: status)
            #expect(try HealthCheckResponse(protobufBytes: response.protobufBytes()) == response)
        }
    }

    @Test func getInvoiceRequestRoundTrip() throws {
        let request = GetInvoiceRequest(id: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5d")

        #expect(try GetInvoiceRequest(protobufBytes: request.protobufBytes()) == request)
    }

    @Test func getInvoiceRequestWireBytes() {
        // Field 1 (id) is a length-delimited string with tag 0x0A.
        #expect(GetInvoiceRequest(id: "ab").protobufBytes() == [0x0A, 0x02, 0x61, 0x62])
    }

    @Test func chineseTextBytesSurvive() throws {
        let text = "增值税电子普通发票 🧾"
        let request = CreateTenantRequest(name: text)

        let decoded = try CreateTenantRequest(protobufBytes: request.protobufBytes())

        #expect(decoded.name == text)
        #expect(Array(decoded.name.utf8) == Array(text.utf8))
    }

    @Test func emptyBytesAreDefaults() throws {
        #expect(try Invoice(protobufBytes: []) == Invoice())
        #expect(try IssueInvoiceRequest(protobufBytes: []) == IssueInvoiceRequest())
        #expect(try Tenant(protobufBytes: []) == Tenant())
    }

    @Test func garbageBytesThrow() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]

        #expect(throws: ProtobufDecodingError.self) { try Invoice(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try IssueInvoiceRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try IssueInvoiceResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try CreateTenantRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try CreateTenantResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try Tenant(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try HealthCheckRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try HealthCheckResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try GetInvoiceRequest(protobufBytes: garbage) }
    }

    @Test func decodingErrorNamesMessage() throws {
        let error = try #require(throws: ProtobufDecodingError.self) {
            try Invoice(protobufBytes: [0xFF, 0xFF, 0xFF])
        }

        #expect(error.messageName == "fapiao.invoice.v1.Invoice")
    }
}
