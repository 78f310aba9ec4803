import FapiaoAPI
import Testing

@Suite struct InvoiceMethodNamesTests {
    @Test func invoiceServicePaths() {
        #expect(MethodNames.issueInvoice == "/fapiao.invoice.v1.InvoiceService/IssueInvoice")
        #expect(MethodNames.getInvoice == "/fapiao.invoice.v1.InvoiceService/GetInvoice")
        #expect(MethodNames.issueCreditNote == "/fapiao.invoice.v1.InvoiceService/IssueCreditNote")
        #expect(MethodNames.deliverInvoice == "/fapiao.invoice.v1.InvoiceService/DeliverInvoice")
        #expect(MethodNames.acknowledgeInvoice == "/fapiao.invoice.v1.InvoiceService/AcknowledgeInvoice")
        #expect(MethodNames.archiveInvoice == "/fapiao.invoice.v1.InvoiceService/ArchiveInvoice")
        #expect(MethodNames.listInvoices == "/fapiao.invoice.v1.InvoiceService/ListInvoices")
        #expect(MethodNames.exportInvoices == "/fapiao.invoice.v1.InvoiceService/ExportInvoices")
        #expect(MethodNames.verifyInvoices == "/fapiao.invoice.v1.InvoiceService/VerifyInvoices")
        #expect(MethodNames.reconcileTotals == "/fapiao.invoice.v1.InvoiceService/ReconcileTotals")
    }

    @Test func seriesServicePaths() {
        #expect(MethodNames.createSeries == "/fapiao.invoice.v1.SeriesService/CreateSeries")
        #expect(MethodNames.listSeries == "/fapiao.invoice.v1.SeriesService/ListSeries")
    }

    @Test func invoiceSettingsPaths() {
        #expect(MethodNames.getInvoiceSettings == "/fapiao.tenant.v1.TenantService/GetInvoiceSettings")
        #expect(MethodNames.updateInvoiceSettings == "/fapiao.tenant.v1.TenantService/UpdateInvoiceSettings")
    }
}
