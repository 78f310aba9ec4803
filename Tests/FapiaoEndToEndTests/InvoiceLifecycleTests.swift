import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation
import Testing

@Suite("Invoice life cycle")
struct InvoiceLifecycleTests {
    enum Event: String, CaseIterable {
        case deliver, acknowledge, archive, credit
    }

    func apply(_ event: Event, to invoice: Invoice, fixture: TenantFixture) -> CallStatus {
        switch event {
        case .deliver:
            callStatus(
                fixture.admin, MethodNames.deliverInvoice,
                request: DeliverInvoiceRequest(id: invoice.id, channel: "email", recipient: "ap@example.com")
                    .protobufBytes())
        case .acknowledge:
            callStatus(
                fixture.admin, MethodNames.acknowledgeInvoice,
                request: InvoiceTransitionRequest(id: invoice.id).protobufBytes())
        case .archive:
            callStatus(
                fixture.admin, MethodNames.archiveInvoice,
                request: InvoiceTransitionRequest(id: invoice.id).protobufBytes())
        case .credit:
            creditStatus(invoice, fixture: fixture, lines: [InvoiceLineInput(
                itemName: "退货", quantity: "1", unitPrice: "1.00", taxRate: "0.13")])
        }
    }

    func creditStatus(
        _ invoice: Invoice, fixture: TenantFixture, reason: CreditReason = .salesReturn,
        lines: [InvoiceLineInput] = []
    ) -> CallStatus {
        var metadata = Metadata()
        metadata.add(Metadata.Key.idempotencyKey, UUID().uuidString)
        let request = IssueCreditNoteRequest(
            originalInvoiceID: invoice.id, reason: reason, lines: lines, remarks: "", issuer: "李四")
        return callStatus(fixture.admin, MethodNames.issueCreditNote, request: request.protobufBytes(), metadata: metadata)
    }

    func reload(_ invoice: Invoice, fixture: TenantFixture) throws -> Invoice {
        try fixture.admin.call(MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
    }

    /// Brings a new invoice into `status` through allowed calls.
    func invoice(in status: InvoiceStatus, fixture: TenantFixture) throws -> Invoice {
        let invoice = try fixture.issueInvoice()
        let paths: [InvoiceStatus: [Event]] = [
            .issued: [], .delivered: [.deliver], .acknowledged: [.deliver, .acknowledge],
            .archived: [.deliver, .acknowledge, .archive], .partiallyReversed: [.credit],
        ]
        if status == .reversed {
            #expect(creditStatus(invoice, fixture: fixture, reason: .invoicingError).code == .ok)
        } else {
            for event in try #require(paths[status]) {
                #expect(apply(event, to: invoice, fixture: fixture).code == .ok, "\(event)")
            }
        }
        let reloaded = try reload(invoice, fixture: fixture)
        #expect(reloaded.status == status)
        return reloaded
    }

    @Test("every transition against the state machine")
    func transitions() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        // Expected outcome of each event from each status, written out by hand.
        let allowed: [InvoiceStatus: Set<Event>] = [
            .issued: [.deliver, .credit],
            .delivered: [.acknowledge, .credit],
            .acknowledged: [.archive, .credit],
            .archived: [],
            .reversed: [.archive],
            .partiallyReversed: [.archive, .credit],
        ]
        for (status, events) in allowed {
            for event in Event.allCases {
                let invoice = try invoice(in: status, fixture: fixture)
                let result = apply(event, to: invoice, fixture: fixture)
                if events.contains(event) {
                    #expect(result.code == .ok, "\(event) from \(status): \(result)")
                } else {
                    #expect(result.code == .failedPrecondition, "\(event) from \(status): \(result)")
                    let name = String(status.protoName.dropFirst("INVOICE_STATUS_".count))
                    #expect(result.message.contains(name), "\(result.message)")
                    #expect(try reload(invoice, fixture: fixture).status == status)
                }
            }
        }
    }

    @Test("delivery records channel and recipient")
    func delivery() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let issued = try fixture.issueInvoice()
        let delivered = try fixture.admin.call(
            MethodNames.deliverInvoice,
            DeliverInvoiceRequest(id: issued.id, channel: "email", recipient: "ap@buyer.example"),
            as: Invoice.self)
        #expect(delivered.status == .delivered)
        #expect(delivered.deliveryChannel == "email")
        #expect(delivered.deliveryRecipient == "ap@buyer.example")
        #expect(!delivered.deliveredAt.isEmpty)
        #expect(delivered.contentHash == issued.contentHash)
        let missing = callStatus(
            fixture.admin, MethodNames.deliverInvoice,
            request: DeliverInvoiceRequest(id: issued.id).protobufBytes())
        #expect(missing.code == .invalidArgument)
        #expect(missing.message.contains("channel"))
    }

    @Test("full credit note mirrors the invoice")
    func fullReversal() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let original = try fixture.issueInvoice()
        var metadata = Metadata()
        metadata.add(Metadata.Key.idempotencyKey, "credit-\(UUID().uuidString)")
        let response = try fixture.admin.call(
            MethodNames.issueCreditNote,
            IssueCreditNoteRequest(originalInvoiceID: original.id, reason: .invoicingError),
            as: IssueInvoiceResponse.self, metadata: metadata)
        let note = try #require(response.invoice)
        #expect(note.kind == .creditNote)
        #expect(note.originalInvoiceID == original.id)
        #expect(note.creditReason == .invoicingError)
        #expect(note.series == original.series)
        #expect(note.number == original.number + 1)
        #expect(note.totalWithTax == "-" + original.totalWithTax)
        #expect(note.lines.map(\.amount) == original.lines.map { "-" + $0.amount })
        #expect(note.lines.map(\.taxAmount) == original.lines.map { "-" + $0.taxAmount })
        #expect(note.remarks.contains(original.displayNumber))
        let reversed = try reload(original, fixture: fixture)
        #expect(reversed.status == .reversed)
        #expect(ExactDecimal(reversed.creditedTotal) == ExactDecimal(original.totalWithTax))
        // The credit note itself cannot be reversed.
        #expect(creditStatus(note, fixture: fixture, reason: .invoicingError).code == .failedPrecondition)
    }

    @Test("partial credit notes never exceed the invoice")
    func partialReversal() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let original = try fixture.issueInvoice()
        let oneLaptop = InvoiceLineInput(itemName: "笔记本电脑", unit: "台", quantity: "1", unitPrice: "5299.00", taxRate: "0.13")
        #expect(creditStatus(original, fixture: fixture, reason: .invoicingError, lines: [oneLaptop]).code == .invalidArgument)
        #expect(creditStatus(original, fixture: fixture, reason: .serviceStopped, lines: [oneLaptop]).code == .invalidArgument)
        #expect(creditStatus(original, fixture: fixture, reason: .salesReturn, lines: [oneLaptop]).code == .ok)
        let partial = try reload(original, fixture: fixture)
        #expect(partial.status == .partiallyReversed)
        // 5299.00 + 13 % (688.87) = 5987.87.
        #expect(ExactDecimal(partial.creditedTotal) == ExactDecimal("5987.87"))

        let tooMuch = InvoiceLineInput(itemName: "折让", quantity: "1", unitPrice: "100000.00", taxRate: "0.13")
        let exceeded = creditStatus(original, fixture: fixture, reason: .salesDiscount, lines: [tooMuch])
        #expect(exceeded.code == .failedPrecondition)
        #expect(exceeded.message.contains("exceed"))
        #expect(creditStatus(original, fixture: fixture, reason: .invoicingError).code == .failedPrecondition)
        #expect(try reload(original, fixture: fixture).creditedTotal == partial.creditedTotal)
    }
}

/// Exact decimal comparison in tests, by normalising trailing zeros.
func ExactDecimal(_ text: String) -> String {
    guard text.contains(".") else { return text }
    var trimmed = text
    while trimmed.hasSuffix("0") { trimmed.removeLast() }
    if trimmed.hasSuffix(".") { trimmed.removeLast() }
    return trimmed
}
