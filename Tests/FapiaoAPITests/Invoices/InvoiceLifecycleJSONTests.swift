import FapiaoAPI
import Testing

@Suite struct InvoiceLifecycleJSONTests {
    @Test func invoicesRoundTrip() throws {
        #expect(try jsonRoundTrip(InvoiceFixtures.creditNote) == InvoiceFixtures.creditNote)
        #expect(try jsonRoundTrip(InvoiceFixtures.invoice) == InvoiceFixtures.invoice)
    }

    @Test func changedRequestsRoundTrip() throws {
        var issue = IssueInvoiceRequest()
        issue.seller = InvoiceFixtures.seller
        issue.buyer = InvoiceFixtures.buyer
        issue.lines = InvoiceFixtures.lineInputs
        issue.currency = "CNY"
        issue.totalAmount = "16702.00"
        issue.totalTax = "2114.61"
        issue.totalWithTax = "18816.61"
        let bySeries = GetInvoiceRequest(series: "红字", number: .max)
        let byID = GetInvoiceRequest(id: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f")

        #expect(try jsonRoundTrip(issue) == issue)
        #expect(try jsonRoundTrip(bySeries) == bySeries)
        #expect(try jsonRoundTrip(byID) == byID)
    }

    @Test func lifecycleRequestsRoundTrip() throws {
        let deliver = DeliverInvoiceRequest(id: "i-1", channel: "sms", recipient: "+86 138 0013 8000")
        let transition = InvoiceTransitionRequest(id: "发票-0042")
        let credit = IssueCreditNoteRequest(
            originalInvoiceID: "i-1", reason: .salesReturn, lines: InvoiceFixtures.lineInputs,
            remarks: "退货", issuer: "王芳")

        #expect(try jsonRoundTrip(deliver) == deliver)
        #expect(try jsonRoundTrip(transition) == transition)
        #expect(try jsonRoundTrip(credit) == credit)
    }

    @Test func searchMessagesRoundTrip() throws {
        let list = ListInvoicesRequest(filter: InvoiceFixtures.filter, pageSize: 100, pageToken: "下一页")
        let listed = ListInvoicesResponse(
            invoices: [InvoiceFixtures.creditNote, InvoiceFixtures.invoice], nextPageToken: "t")
        let export = ExportInvoicesRequest(filter: InvoiceFixtures.filter)

        #expect(try jsonRoundTrip(InvoiceFixtures.filter) == InvoiceFixtures.filter)
        #expect(try jsonRoundTrip(list) == list)
        #expect(try jsonRoundTrip(listed) == listed)
        #expect(try jsonRoundTrip(export) == export)
    }

    @Test func verifyAndReconcileRoundTrip() throws {
        let verify = VerifyInvoicesRequest(issuedFrom: "2026-01-01T00:00:00Z", issuedTo: "2027-01-01T00:00:00Z")
        let verified = VerifyInvoicesResponse(checked: .max, mismatches: InvoiceFixtures.mismatches)
        let reconcile = ReconcileTotalsRequest(period: "2026-11")
        let reconciled = ReconcileTotalsResponse(period: "2026-11", rows: InvoiceFixtures.totalsRows)

        #expect(try jsonRoundTrip(verify) == verify)
        #expect(try jsonRoundTrip(verified) == verified)
        #expect(try jsonRoundTrip(InvoiceFixtures.mismatches[1]) == InvoiceFixtures.mismatches[1])
        #expect(try jsonRoundTrip(reconcile) == reconcile)
        #expect(try jsonRoundTrip(reconciled) == reconciled)
        #expect(try jsonRoundTrip(InvoiceFixtures.totalsRows[0]) == InvoiceFixtures.totalsRows[0])
    }

    @Test func creditNoteRequestFromJSON() throws {
        let json = #"{"originalInvoiceId":"x","reason":"CREDIT_REASON_SALES_RETURN","lines":[{"itemName":"a","quantity":"1"}]}"#

        let request = try decodeJSON(IssueCreditNoteRequest.self, json)

        #expect(request.originalInvoiceID == "x")
        #expect(request.reason == .salesReturn)
        #expect(request.lines == [InvoiceLineInput(itemName: "a", quantity: "1")])
        #expect(request.remarks.isEmpty)
    }

    @Test func creditNoteRequestSnakeCase() throws {
        let json = #"{"original_invoice_id":"x","reason":3,"remarks":"折让","issuer":"李雷"}"#

        let request = try decodeJSON(IssueCreditNoteRequest.self, json)

        #expect(request.originalInvoiceID == "x")
        #expect(request.reason == .salesDiscount)
        #expect(request.remarks == "折让")
        #expect(request.issuer == "李雷")
    }

    @Test func invoiceNewFieldsFromJSON() throws {
        let json = """
            {"kind":"INVOICE_KIND_CREDIT_NOTE","originalInvoiceId":"orig","creditReason":"CREDIT_REASON_SERVICE_STOPPED",
            "contentHash":"ab12","deliveryChannel":"portal","deliveryRecipient":"买方门户",
            "deliveredAt":"2026-09-01T00:00:00Z","acknowledgedAt":"2026-09-02T00:00:00Z",
            "archivedAt":"2026-09-03T00:00:00Z","creditedTotal":"10.00","warnings":["一","two"]}
            """

        let invoice = try decodeJSON(Invoice.self, json)

        #expect(invoice.kind == .creditNote)
        #expect(invoice.originalInvoiceID == "orig")
        #expect(invoice.creditReason == .serviceStopped)
        #expect(invoice.contentHash == "ab12")
        #expect(invoice.deliveryChannel == "portal")
        #expect(invoice.deliveryRecipient == "买方门户")
        #expect(invoice.deliveredAt == "2026-09-01T00:00:00Z")
        #expect(invoice.acknowledgedAt == "2026-09-02T00:00:00Z")
        #expect(invoice.archivedAt == "2026-09-03T00:00:00Z")
        #expect(invoice.creditedTotal == "10.00")
        #expect(invoice.warnings == ["一", "two"])
    }

    @Test func invoiceSnakeCaseNewFields() throws {
        let json = #"{"original_invoice_id":"o","credit_reason":"CREDIT_REASON_INVOICING_ERROR","content_hash":"h","credited_total":"1.00"}"#

        let invoice = try decodeJSON(Invoice.self, json)

        #expect(invoice.originalInvoiceID == "o")
        #expect(invoice.creditReason == .invoicingError)
        #expect(invoice.contentHash == "h")
        #expect(invoice.creditedTotal == "1.00")
    }

    @Test func encodedInvoiceNames() throws {
        let object = try encodedJSONObject(InvoiceFixtures.creditNote)

        #expect(object["kind"] as? String == "INVOICE_KIND_CREDIT_NOTE")
        #expect(object["originalInvoiceId"] as? String == "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f")
        #expect(object["creditReason"] as? String == "CREDIT_REASON_SALES_RETURN")
        #expect(object["contentHash"] as? String == String(repeating: "0f", count: 32))
        #expect(object["deliveryChannel"] as? String == "email")
        #expect(object["deliveryRecipient"] as? String == "财务部 <finance@example.cn>")
        #expect(object["deliveredAt"] as? String == "2026-09-01T02:05:00.000000Z")
        #expect(object["acknowledgedAt"] as? String == "2026-09-02T08:00:00.000000Z")
        #expect(object["archivedAt"] as? String == "2026-12-31T15:59:59.999999Z")
        #expect(object["creditedTotal"] as? String == "0.00")
        #expect((object["warnings"] as? [String])?.count == 3)
        #expect(object["number"] as? String == "18446744073709551615")
    }

    @Test func issueRequestTotalsFromJSON() throws {
        let json = #"{"totalAmount":"100.00","total_tax":"13.00","totalWithTax":"113.00"}"#

        let request = try decodeJSON(IssueInvoiceRequest.self, json)

        #expect(request.totalAmount == "100.00")
        #expect(request.totalTax == "13.00")
        #expect(request.totalWithTax == "113.00")
    }

    @Test func getBySeriesFromJSON() throws {
        let asString = try decodeJSON(GetInvoiceRequest.self, #"{"series":"B2B","number":"42"}"#)
        let asNumber = try decodeJSON(GetInvoiceRequest.self, #"{"series":"B2B","number":42}"#)

        #expect(asString == GetInvoiceRequest(series: "B2B", number: 42))
        #expect(asNumber == GetInvoiceRequest(series: "B2B", number: 42))
        #expect(try encodedJSONObject(asString)["number"] as? String == "42")
    }

    @Test func deliverRequestFromJSON() throws {
        let json = #"{"id":"i-1","channel":"email","recipient":"wang.fang@example.cn"}"#

        let request = try decodeJSON(DeliverInvoiceRequest.self, json)

        #expect(request == DeliverInvoiceRequest(id: "i-1", channel: "email", recipient: "wang.fang@example.cn"))
    }

    @Test func listRequestFromJSON() throws {
        let json = """
            {"filter":{"issuedFrom":"2026-11-01T00:00:00+08:00","buyerTaxId":"91310115MA1K4CXM16",
            "min_total":"0.01","maxTotal":"100","status":"INVOICE_STATUS_DELIVERED","kind":"INVOICE_KIND_INVOICE",
            "series":"DEFAULT","buyerName":"样例"},"pageSize":50,"page_token":"p2"}
            """

        let request = try decodeJSON(ListInvoicesRequest.self, json)
        let filter = try #require(request.filter)

        #expect(filter.issuedFrom == "2026-11-01T00:00:00+08:00")
        #expect(filter.issuedTo.isEmpty)
        #expect(filter.buyerTaxID == "91310115MA1K4CXM16")
        #expect(filter.minTotal == "0.01")
        #expect(filter.maxTotal == "100")
        #expect(filter.status == .delivered)
        #expect(filter.kind == .invoice)
        #expect(filter.series == "DEFAULT")
        #expect(filter.buyerName == "样例")
        #expect(request.pageSize == 50)
        #expect(request.pageToken == "p2")
    }

    @Test func listResponseFromJSON() throws {
        let json = #"{"invoices":[{"id":"a","kind":"INVOICE_KIND_INVOICE"},{"id":"b"}],"nextPageToken":"n"}"#

        let response = try decodeJSON(ListInvoicesResponse.self, json)

        #expect(response.invoices.count == 2)
        #expect(response.invoices[0].kind == .invoice)
        #expect(response.invoices[1].id == "b")
        #expect(response.nextPageToken == "n")
    }

    @Test func verifyResponseFromJSON() throws {
        let json = #"{"checked":"5000000000","mismatches":[{"invoiceId":"i","displayNumber":"D-1","storedHash":"aa","computed_hash":"bb"}]}"#

        let response = try decodeJSON(VerifyInvoicesResponse.self, json)

        #expect(response.checked == 5_000_000_000)
        #expect(
            response.mismatches == [
                InvoiceMismatch(invoiceID: "i", displayNumber: "D-1", storedHash: "aa", computedHash: "bb")
            ])
    }

    @Test func reconcileResponseFromJSON() throws {
        let json = """
            {"period":"2026-11","rows":[{"status":"INVOICE_STATUS_ISSUED","kind":"INVOICE_KIND_CREDIT_NOTE",
            "taxRate":"0.13","invoices":"2","lines":3,"amount":"-10.00","tax":"-1.30"}]}
            """

        let response = try decodeJSON(ReconcileTotalsResponse.self, json)
        let row = try #require(response.rows.first)

        #expect(response.period == "2026-11")
        #expect(row.status == .issued)
        #expect(row.kind == .creditNote)
        #expect(row.taxRate == "0.13")
        #expect(row.invoices == 2)
        #expect(row.lines == 3)
        #expect(row.amount == "-10.00")
        #expect(row.tax == "-1.30")
    }

    @Test func uint64WrittenAsString() throws {
        let verified = try encodedJSONObject(VerifyInvoicesResponse(checked: 7))
        let row = try encodedJSONObject(InvoiceFixtures.totalsRows[0])

        #expect(verified["checked"] as? String == "7")
        #expect(row["invoices"] as? String == "12")
        #expect(row["lines"] as? String == "30")
        #expect(row["taxRate"] as? String == "0.13")
    }

    @Test func defaultsOmitted() throws {
        #expect(try encodedJSONObject(Invoice()).isEmpty)
        #expect(try encodedJSONObject(GetInvoiceRequest()).isEmpty)
        #expect(try encodedJSONObject(DeliverInvoiceRequest()).isEmpty)
        #expect(try encodedJSONObject(InvoiceTransitionRequest()).isEmpty)
        #expect(try encodedJSONObject(IssueCreditNoteRequest()).isEmpty)
        #expect(try encodedJSONObject(InvoiceFilter()).isEmpty)
        #expect(try encodedJSONObject(ListInvoicesRequest()).isEmpty)
        #expect(try encodedJSONObject(ListInvoicesResponse()).isEmpty)
        #expect(try encodedJSONObject(ExportInvoicesRequest()).isEmpty)
        #expect(try encodedJSONObject(VerifyInvoicesRequest()).isEmpty)
        #expect(try encodedJSONObject(VerifyInvoicesResponse()).isEmpty)
        #expect(try encodedJSONObject(ReconcileTotalsResponse()).isEmpty)
        #expect(try encodedJSONObject(TotalsRow()).isEmpty)
    }

    @Test func unknownEnumNameRejected() throws {
        let error = try #require(
            jsonDecodingError(IssueCreditNoteRequest.self, #"{"reason":"CREDIT_REASON_GIFT"}"#))

        #expect(error.path == "reason")
        #expect(error.reason.contains("fapiao.invoice.v1.CreditReason"))
    }

    @Test func unknownFieldsRejected() throws {
        let unknown = #"{"colour":"red"}"#
        let errors: [(String, ProtoJSONError?)] = [
            ("fapiao.invoice.v1.Invoice", jsonDecodingError(Invoice.self, unknown)),
            ("fapiao.invoice.v1.IssueInvoiceRequest", jsonDecodingError(IssueInvoiceRequest.self, unknown)),
            ("fapiao.invoice.v1.GetInvoiceRequest", jsonDecodingError(GetInvoiceRequest.self, unknown)),
            ("fapiao.invoice.v1.DeliverInvoiceRequest", jsonDecodingError(DeliverInvoiceRequest.self, unknown)),
            (
                "fapiao.invoice.v1.InvoiceTransitionRequest",
                jsonDecodingError(InvoiceTransitionRequest.self, unknown)
            ),
            ("fapiao.invoice.v1.IssueCreditNoteRequest", jsonDecodingError(IssueCreditNoteRequest.self, unknown)),
            ("fapiao.invoice.v1.InvoiceFilter", jsonDecodingError(InvoiceFilter.self, unknown)),
            ("fapiao.invoice.v1.ListInvoicesRequest", jsonDecodingError(ListInvoicesRequest.self, unknown)),
            ("fapiao.invoice.v1.ListInvoicesResponse", jsonDecodingError(ListInvoicesResponse.self, unknown)),
            ("fapiao.invoice.v1.ExportInvoicesRequest", jsonDecodingError(ExportInvoicesRequest.self, unknown)),
            ("fapiao.invoice.v1.VerifyInvoicesRequest", jsonDecodingError(VerifyInvoicesRequest.self, unknown)),
            ("fapiao.invoice.v1.InvoiceMismatch", jsonDecodingError(InvoiceMismatch.self, unknown)),
            ("fapiao.invoice.v1.VerifyInvoicesResponse", jsonDecodingError(VerifyInvoicesResponse.self, unknown)),
            ("fapiao.invoice.v1.ReconcileTotalsRequest", jsonDecodingError(ReconcileTotalsRequest.self, unknown)),
            ("fapiao.invoice.v1.TotalsRow", jsonDecodingError(TotalsRow.self, unknown)),
            (
                "fapiao.invoice.v1.ReconcileTotalsResponse",
                jsonDecodingError(ReconcileTotalsResponse.self, unknown)
            ),
        ]

        for (message, error) in errors {
            #expect(error?.path == "colour", "\(message)")
            #expect(error?.reason.contains(message) == true, "\(message)")
        }
    }

    @Test func unknownNestedFilterFieldPath() throws {
        let json = #"{"filter":{"series":"DEFAULT","buyer":"x"}}"#

        let error = try #require(jsonDecodingError(ListInvoicesRequest.self, json))

        #expect(error.path == "filter.buyer")
        #expect(error.reason.contains("fapiao.invoice.v1.InvoiceFilter"))
    }

    @Test func unknownFieldInCreditNoteLine() throws {
        let json = #"{"lines":[{"itemName":"a"},{"itemName":"b","price":"1"}]}"#

        let error = try #require(jsonDecodingError(IssueCreditNoteRequest.self, json))

        #expect(error.path == "lines[1].price")
    }
}
