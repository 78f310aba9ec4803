import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation
import Synchronization
import Testing

@Suite("Finding invoices")
struct InvoiceSearchTests {
    func issue(_ fixture: TenantFixture, buyer: String, taxID: String = "", unitPrice: String = "100.00") throws
        -> Invoice
    {
        var request = sampleInvoiceRequest(buyer: buyer)
        request.buyer?.taxID = taxID
        request.lines = [InvoiceLineInput(itemName: "服务", quantity: "1", unitPrice: unitPrice, taxRate: "0.06")]
        let response = try fixture.admin.call(
            MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self, metadata: idempotencyMetadata())
        return try #require(response.invoice)
    }

    func list(_ fixture: TenantFixture, _ filter: InvoiceFilter, pageSize: UInt32 = 0, token: String = "") throws
        -> ListInvoicesResponse
    {
        try fixture.admin.call(
            MethodNames.listInvoices, ListInvoicesRequest(filter: filter, pageSize: pageSize, pageToken: token),
            as: ListInvoicesResponse.self)
    }

    @Test("pages are stable and newest first")
    func pagination() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let issued = try (0..<7).map { try issue(fixture, buyer: "买方\($0)") }
        var seen: [String] = []
        var token = ""
        var pages = 0
        repeat {
            let page = try list(fixture, InvoiceFilter(), pageSize: 3, token: token)
            seen += page.invoices.map(\.id)
            token = page.nextPageToken
            pages += 1
        } while !token.isEmpty && pages < 10
        #expect(pages == 3)
        #expect(seen == issued.reversed().map(\.id))
        let bad = callStatus(
            fixture.admin, MethodNames.listInvoices,
            request: ListInvoicesRequest(pageToken: "bm90IGEgdG9rZW4=").protobufBytes())
        #expect(bad.code == .invalidArgument)
        #expect(bad.message.contains("pageToken"))
        #expect(bad.message.contains("'bm90IGEgdG9rZW4='"))
        let tooBig = callStatus(
            fixture.admin, MethodNames.listInvoices, request: ListInvoicesRequest(pageSize: 5000).protobufBytes())
        #expect(tooBig.code == .invalidArgument)
    }

    @Test("filters narrow the list")
    func filters() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let small = try issue(fixture, buyer: "上海小店", unitPrice: "10.00")
        let large = try issue(fixture, buyer: "北京大厂", taxID: "91310115MA1K4CXM16", unitPrice: "10000.00")
        let delivered = try fixture.admin.call(
            MethodNames.deliverInvoice, DeliverInvoiceRequest(id: small.id, channel: "email", recipient: "a@b.example"),
            as: Invoice.self)
        #expect(delivered.status == .delivered)

        var byName = InvoiceFilter()
        byName.buyerName = "大厂"
        #expect(try list(fixture, byName).invoices.map(\.id) == [large.id])
        var byTaxID = InvoiceFilter()
        byTaxID.buyerTaxID = "91310115MA1K4CXM16"
        #expect(try list(fixture, byTaxID).invoices.map(\.id) == [large.id])
        var byStatus = InvoiceFilter()
        byStatus.status = .delivered
        #expect(try list(fixture, byStatus).invoices.map(\.id) == [small.id])
        var byAmount = InvoiceFilter()
        byAmount.minTotal = "1000"
        #expect(try list(fixture, byAmount).invoices.map(\.id) == [large.id])
        byAmount.minTotal = ""
        byAmount.maxTotal = small.totalWithTax
        #expect(try list(fixture, byAmount).invoices.map(\.id) == [small.id])
        var future = InvoiceFilter()
        future.issuedFrom = "2999-01-01T00:00:00Z"
        #expect(try list(fixture, future).invoices.isEmpty)
        var wildcard = InvoiceFilter()
        wildcard.buyerName = "%"
        #expect(try list(fixture, wildcard).invoices.isEmpty)
        var invalid = InvoiceFilter()
        invalid.issuedFrom = "yesterday"
        let status = callStatus(
            fixture.admin, MethodNames.listInvoices, request: ListInvoicesRequest(filter: invalid).protobufBytes())
        #expect(status.code == .invalidArgument)
        #expect(status.message.contains("filter.issuedFrom"))
    }

    @Test("get by series and number")
    func bySeriesAndNumber() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        _ = try fixture.issueInvoice()
        let second = try fixture.issueInvoice()
        let found = try fixture.admin.call(
            MethodNames.getInvoice, GetInvoiceRequest(series: "DEFAULT", number: 2), as: Invoice.self)
        #expect(found.id == second.id)
        let missing = callStatus(
            fixture.admin, MethodNames.getInvoice, request: GetInvoiceRequest(series: "DEFAULT", number: 99).protobufBytes())
        #expect(missing.code == .notFound)
    }

    @Test("export streams every invoice")
    func export() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let issued = Set(try (0..<5).map { try issue(fixture, buyer: "导出\($0)").id })
        var exported: [String] = []
        try fixture.admin.serverStream(
            MethodNames.exportInvoices, ExportInvoicesRequest(), as: Invoice.self
        ) { invoice in
            exported.append(invoice.id)
            #expect(!invoice.lines.isEmpty)
        }
        #expect(exported.count == 5)
        #expect(Set(exported) == issued)
    }

    @Test("reconcile sums match the lines")
    func reconcile() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let invoices = try (0..<3).map { _ in try fixture.issueInvoice() }
        let formatter = DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM"
        let period = formatter.string(from: Date())
        let totals = try fixture.admin.call(
            MethodNames.reconcileTotals, ReconcileTotalsRequest(period: period), as: ReconcileTotalsResponse.self)
        #expect(totals.period == period)
        // sampleInvoiceRequest has two lines at 13 % and one at 6 %.
        let rates = Dictionary(grouping: totals.rows, by: \.taxRate)
        #expect(Set(rates.keys) == ["0.13", "0.06"])
        #expect(rates["0.13"]?.first?.invoices == 3)
        #expect(rates["0.13"]?.first?.lines == 6)
        #expect(rates["0.06"]?.first?.lines == 3)
        // Per invoice: 13 % lines 15897.00 + 2183.00 = 18080.00 with tax 2350.40.
        #expect(ExactDecimal(rates["0.13"]?.first?.amount ?? "") == ExactDecimal("54240.00"))
        #expect(ExactDecimal(rates["0.13"]?.first?.tax ?? "") == ExactDecimal("7051.20"))
        #expect(invoices.count == 3)
        let bad = callStatus(
            fixture.admin, MethodNames.reconcileTotals, request: ReconcileTotalsRequest(period: "2026-13").protobufBytes())
        #expect(bad.code == .invalidArgument)
    }

    @Test("new series numbers from 1")
    func series() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let created = try fixture.admin.call(
            MethodNames.createSeries,
            CreateSeriesRequest(series: Series(code: "BRANCH-SH", prefix: "SH", includeYear: false, numberWidth: 6)),
            as: Series.self)
        #expect(created.nextNumber == 1)
        #expect(created.numberWidth == 6)
        var request = sampleInvoiceRequest()
        request.series = "BRANCH-SH"
        let response = try fixture.admin.call(
            MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self, metadata: idempotencyMetadata())
        #expect(response.invoice?.number == 1)
        #expect(response.invoice?.displayNumber == "SH-000001")
        let listed = try fixture.admin.call(MethodNames.listSeries, ListSeriesRequest(), as: ListSeriesResponse.self)
        #expect(listed.series.map(\.code) == ["BRANCH-SH", "DEFAULT"])
        #expect(listed.series.first?.nextNumber == 2)
        let duplicate = callStatus(
            fixture.admin, MethodNames.createSeries,
            request: CreateSeriesRequest(series: Series(code: "BRANCH-SH")).protobufBytes())
        #expect(duplicate.code == .alreadyExists)
        request.series = "NOPE"
        let unknown = callStatus(
            fixture.admin, MethodNames.issueInvoice, request: request.protobufBytes(), metadata: idempotencyMetadata())
        #expect(unknown.code == .notFound)
    }
}
