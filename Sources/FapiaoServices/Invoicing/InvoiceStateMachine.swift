import FapiaoAPI

/// The allowed status changes of an invoice.
///
/// ISSUED -> DELIVERED -> ACKNOWLEDGED -> ARCHIVED. A credit note turns an
/// invoice that is ISSUED, DELIVERED, ACKNOWLEDGED or PARTIALLY_REVERSED into
/// REVERSED or PARTIALLY_REVERSED; REVERSED and PARTIALLY_REVERSED invoices
/// may be archived. Nothing leaves ARCHIVED. Credit notes themselves follow
/// the delivery path but cannot be reversed.
enum InvoiceStateMachine {
    enum Event: String, Sendable {
        case deliver, acknowledge, archive, reverse
    }

    /// Returns the status after `event`, or nil when `event` is not allowed
    /// from `status`. For `reverse` it returns ISSUED as a placeholder,
    /// because the credited amount decides between REVERSED and PARTIALLY_REVERSED.
    static func next(
        from status: InvoiceStatus, kind: InvoiceKind, on event: Event
    ) -> InvoiceStatus? {
        switch (event, status) {
        case (.deliver, .issued): .delivered
        case (.acknowledge, .delivered): .acknowledged
        case (.archive, .acknowledged), (.archive, .reversed), (.archive, .partiallyReversed):
            .archived
        case (.reverse, .issued), (.reverse, .delivered), (.reverse, .acknowledged),
            (.reverse, .partiallyReversed):
            kind == .creditNote ? nil : .issued
        default: nil
        }
    }

    /// Status name as the API spells it, for error messages.
    static func name(_ status: InvoiceStatus) -> String {
        String(status.protoName.dropFirst("INVOICE_STATUS_".count))
    }
}
