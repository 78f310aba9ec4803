import FapiaoAPI
import Testing

@Suite struct InvoiceKindTests {
    @Test func protoNames() {
        #expect(InvoiceKind.unspecified.protoName == "INVOICE_KIND_UNSPECIFIED")
        #expect(InvoiceKind.invoice.protoName == "INVOICE_KIND_INVOICE")
        #expect(InvoiceKind.creditNote.protoName == "INVOICE_KIND_CREDIT_NOTE")
    }

    @Test func storageNames() {
        #expect(InvoiceKind.invoice.storageName == "invoice")
        #expect(InvoiceKind.creditNote.storageName == "credit_note")
    }

    @Test func storageNameParsing() {
        #expect(InvoiceKind(storageName: "invoice") == .invoice)
        #expect(InvoiceKind(storageName: "credit_note") == .creditNote)
        #expect(InvoiceKind(storageName: "creditNote") == nil)
        #expect(InvoiceKind(storageName: "INVOICE") == nil)
    }

    @Test func protoNumbers() {
        #expect(InvoiceKind(protoNumber: 2) == .creditNote)
        #expect(InvoiceKind(protoNumber: 99) == .unspecified)
        #expect(InvoiceKind.invoice.protoNumber == 1)
    }
}

@Suite struct CreditReasonTests {
    @Test func protoNames() {
        #expect(CreditReason.unspecified.protoName == "CREDIT_REASON_UNSPECIFIED")
        #expect(CreditReason.invoicingError.protoName == "CREDIT_REASON_INVOICING_ERROR")
        #expect(CreditReason.salesReturn.protoName == "CREDIT_REASON_SALES_RETURN")
        #expect(CreditReason.salesDiscount.protoName == "CREDIT_REASON_SALES_DISCOUNT")
        #expect(CreditReason.serviceStopped.protoName == "CREDIT_REASON_SERVICE_STOPPED")
    }

    @Test func storageNames() {
        #expect(CreditReason.invoicingError.storageName == "invoicing_error")
        #expect(CreditReason.salesReturn.storageName == "sales_return")
        #expect(CreditReason.salesDiscount.storageName == "sales_discount")
        #expect(CreditReason.serviceStopped.storageName == "service_stopped")
    }

    @Test func storageNameParsing() {
        #expect(CreditReason(storageName: "invoicing_error") == .invoicingError)
        #expect(CreditReason(storageName: "sales_return") == .salesReturn)
        #expect(CreditReason(storageName: "sales_discount") == .salesDiscount)
        #expect(CreditReason(storageName: "service_stopped") == .serviceStopped)
        #expect(CreditReason(storageName: "gift") == nil)
        #expect(CreditReason(storageName: "SALES_RETURN") == nil)
    }

    @Test func protoNumbers() {
        #expect(CreditReason(protoNumber: 4) == .serviceStopped)
        #expect(CreditReason(protoNumber: 5) == .unspecified)
        #expect(CreditReason.salesDiscount.protoNumber == 3)
    }
}
