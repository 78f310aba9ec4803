import FapiaoAPI
import FapiaoWire
import Testing

@Suite struct InvoiceLifecycleProtobufTests {
    @Test func creditNoteRoundTrip() throws {
        let creditNote = InvoiceFixtures.creditNote

        let decoded = try protobufRoundTrip(creditNote)

        #expect(decoded == creditNote)
        #expect(decoded.kind == .creditNote)
        #expect(decoded.originalInvoiceID == "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f")
        #expect(decoded.creditReason == .salesReturn)
        #expect(decoded.contentHash == String(repeating: "0f", count: 32))
        #expect(decoded.deliveryChannel == "email")
        #expect(decoded.deliveryRecipient == "财务部 <finance@example.cn>")
        #expect(decoded.deliveredAt == "2026-09-01T02:05:00.000000Z")
        #expect(decoded.acknowledgedAt == "2026-09-02T08:00:00.000000Z")
        #expect(decoded.archivedAt == "2026-12-31T15:59:59.999999Z")
        #expect(decoded.creditedTotal == "0.00")
        #expect(decoded.warnings == ["购买方税号校验位错误", "seller tax id check character is wrong", "第三条"])
        #expect(decoded.number == .max)
    }

    @Test func invoiceNewFieldsRoundTrip() throws {
        let invoice = InvoiceFixtures.invoice

        let decoded = try protobufRoundTrip(invoice)

        #expect(decoded == invoice)
        #expect(decoded.kind == .invoice)
        #expect(decoded.creditedTotal == "6835.87")
        #expect(decoded.warnings == ["购买方税号校验位错误"])
        #expect(decoded.originalInvoiceID.isEmpty)
    }

    @Test func issueRequestTotalsRoundTrip() throws {
        var request = IssueInvoiceRequest()
        request.series = "DEFAULT"
        request.seller = InvoiceFixtures.seller
        request.buyer = InvoiceFixtures.buyer
        request.lines = InvoiceFixtures.lineInputs
        request.currency = "CNY"
        request.remarks = "合同号 HT-2026-0815"
        request.issuer = "王芳"
        request.totalAmount = "16702.00"
        request.totalTax = "2114.61"
        request.totalWithTax = "18816.61"

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.totalAmount == "16702.00")
        #expect(decoded.totalTax == "2114.61")
        #expect(decoded.totalWithTax == "18816.61")
        #expect(decoded.lines.count == 3)
    }

    @Test func getBySeriesAndNumberRoundTrip() throws {
        let request = GetInvoiceRequest(series: "红字", number: 18_446_744_073_709_551_615)

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.id.isEmpty)
        #expect(decoded.series == "红字")
        #expect(decoded.number == .max)
    }

    @Test func getByIDKeepsSeriesEmpty() throws {
        let request = GetInvoiceRequest(id: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f")

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.series.isEmpty)
        #expect(decoded.number == 0)
    }

    @Test func getBySeriesWireBytes() {
        // Field 2 (series) has tag 0x12. Field 3 (number) is a varint with
        // tag 0x18, and 300 is 0xAC 0x02 in base-128 little-endian groups.
        let bytes = GetInvoiceRequest(series: "B2B", number: 300).protobufBytes()

        #expect(bytes == [0x12, 0x03, 0x42, 0x32, 0x42, 0x18, 0xAC, 0x02])
    }

    @Test func deliverRequestRoundTrip() throws {
        let request = DeliverInvoiceRequest(
            id: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f", channel: "email",
            recipient: "王芳 <wang.fang@example.cn>")

        #expect(try protobufRoundTrip(request) == request)
    }

    @Test func transitionRequestRoundTrip() throws {
        let request = InvoiceTransitionRequest(id: "发票-0042")

        #expect(try protobufRoundTrip(request) == request)
    }

    @Test func transitionRequestWireBytes() {
        // Field 1 (id) is length-delimited with tag 0x0A. "发" is U+53D1,
        // E5 8F 91 in UTF-8, and "票" is U+7968, E7 A5 A8.
        let ascii = InvoiceTransitionRequest(id: "inv-1").protobufBytes()
        let chinese = InvoiceTransitionRequest(id: "发票").protobufBytes()

        #expect(ascii == [0x0A, 0x05, 0x69, 0x6E, 0x76, 0x2D, 0x31])
        #expect(chinese == [0x0A, 0x06, 0xE5, 0x8F, 0x91, 0xE7, 0xA5, 0xA8])
        #expect(InvoiceTransitionRequest().protobufBytes().isEmpty)
    }

    @Test func creditNoteRequestRoundTrip() throws {
        let request = IssueCreditNoteRequest(
            originalInvoiceID: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f", reason: .salesDiscount,
            lines: InvoiceFixtures.lineInputs, remarks: "折让 5%", issuer: "李雷")

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.reason == .salesDiscount)
        #expect(decoded.lines.count == 3)
        #expect(decoded.lines[2].unitPrice == "10.000001")
    }

    @Test func wholeCreditNoteRequestRoundTrip() throws {
        let request = IssueCreditNoteRequest(originalInvoiceID: "x", reason: .invoicingError)

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.lines.isEmpty)
    }

    @Test func filterRoundTrip() throws {
        let decoded = try protobufRoundTrip(InvoiceFixtures.filter)

        #expect(decoded == InvoiceFixtures.filter)
        #expect(decoded.buyerName == "样例贸易")
        #expect(decoded.status == .delivered)
        #expect(decoded.kind == .creditNote)
    }

    @Test func listRequestRoundTrip() throws {
        let request = ListInvoicesRequest(
            filter: InvoiceFixtures.filter, pageSize: 1000, pageToken: "下一页-token")

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.filter?.series == "DEFAULT")
        #expect(decoded.pageSize == 1000)
    }

    @Test func listRequestWithoutFilterRoundTrip() throws {
        let request = ListInvoicesRequest(pageSize: 1)

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.filter == nil)
    }

    @Test func listResponseRoundTrip() throws {
        let response = ListInvoicesResponse(
            invoices: [InvoiceFixtures.creditNote, InvoiceFixtures.invoice, Invoice()],
            nextPageToken: "eyJpZCI6IjQyIn0")

        let decoded = try protobufRoundTrip(response)

        #expect(decoded == response)
        #expect(decoded.invoices.count == 3)
        #expect(decoded.invoices[0].warnings.count == 3)
        #expect(decoded.invoices[1].creditedTotal == "6835.87")
        #expect(decoded.nextPageToken == "eyJpZCI6IjQyIn0")
    }

    @Test func exportRequestRoundTrip() throws {
        let request = ExportInvoicesRequest(filter: InvoiceFixtures.filter)

        #expect(try protobufRoundTrip(request) == request)
        #expect(try protobufRoundTrip(ExportInvoicesRequest()) == ExportInvoicesRequest())
    }

    @Test func verifyMessagesRoundTrip() throws {
        let request = VerifyInvoicesRequest(
            issuedFrom: "2026-01-01T00:00:00+08:00", issuedTo: "2027-01-01T00:00:00+08:00")
        let response = VerifyInvoicesResponse(checked: 5_000_000_000, mismatches: InvoiceFixtures.mismatches)

        let decodedResponse = try protobufRoundTrip(response)

        #expect(try protobufRoundTrip(request) == request)
        #expect(decodedResponse == response)
        #expect(decodedResponse.checked == 5_000_000_000)
        #expect(decodedResponse.mismatches.count == 2)
        #expect(decodedResponse.mismatches[1].displayNumber == "红字-2026-00000001")
    }

    @Test func mismatchRoundTrip() throws {
        let mismatch = InvoiceFixtures.mismatches[0]

        #expect(try protobufRoundTrip(mismatch) == mismatch)
    }

    @Test func reconcileMessagesRoundTrip() throws {
        let request = ReconcileTotalsRequest(period: "2026-11")
        let response = ReconcileTotalsResponse(period: "2026-11", rows: InvoiceFixtures.totalsRows)

        let decodedResponse = try protobufRoundTrip(response)

        #expect(try protobufRoundTrip(request) == request)
        #expect(decodedResponse == response)
        #expect(decodedResponse.rows.count == 3)
        #expect(decodedResponse.rows[2].kind == .creditNote)
        #expect(decodedResponse.rows[2].amount == "-5299.00")
    }

    @Test func totalsRowRoundTrip() throws {
        let row = InvoiceFixtures.totalsRows[1]

        let decoded = try protobufRoundTrip(row)

        #expect(decoded == row)
        #expect(decoded.status == .partiallyReversed)
        #expect(decoded.invoices == 3)
    }

    @Test func emptyBytesAreDefaults() throws {
        #expect(try DeliverInvoiceRequest(protobufBytes: []) == DeliverInvoiceRequest())
        #expect(try InvoiceTransitionRequest(protobufBytes: []) == InvoiceTransitionRequest())
        #expect(try IssueCreditNoteRequest(protobufBytes: []) == IssueCreditNoteRequest())
        #expect(try InvoiceFilter(protobufBytes: []) == InvoiceFilter())
        #expect(try ListInvoicesRequest(protobufBytes: []) == ListInvoicesRequest())
        #expect(try ListInvoicesResponse(protobufBytes: []) == ListInvoicesResponse())
        #expect(try VerifyInvoicesResponse(protobufBytes: []) == VerifyInvoicesResponse())
        #expect(try ReconcileTotalsResponse(protobufBytes: []) == ReconcileTotalsResponse())
    }

    @Test func garbageBytesThrow() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]

        #expect(throws: ProtobufDecodingError.self) { try GetInvoiceRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try DeliverInvoiceRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try InvoiceTransitionRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try IssueCreditNoteRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try InvoiceFilter(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListInvoicesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListInvoicesResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ExportInvoicesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try VerifyInvoicesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try InvoiceMismatch(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try VerifyInvoicesResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ReconcileTotalsRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try TotalsRow(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ReconcileTotalsResponse(protobufBytes: garbage) }
    }

    @Test func wrongWireTypeThrows() {
        // Tag 0x08 is field 1 as a varint, but InvoiceTransitionRequest.id is a string.
        #expect(throws: ProtobufDecodingError.self) {
            try InvoiceTransitionRequest(protobufBytes: [0x08, 0x01])
        }
    }

    @Test func decodingErrorNamesMessage() throws {
        let error = try #require(throws: ProtobufDecodingError.self) {
            try IssueCreditNoteRequest(protobufBytes: [0xFF, 0xFF, 0xFF])
        }

        #expect(error.messageName == "fapiao.invoice.v1.IssueCreditNoteRequest")
    }
}
