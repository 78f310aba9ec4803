import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// Delivery, acknowledgement and archiving of issued invoices. Permission
/// invoice.deliver for all three.
enum InvoiceLifecycle {
    static let deliverInvoice = ServiceMethod<DeliverInvoiceRequest, Invoice>(
        path: MethodNames.deliverInvoice, permission: .invoiceDeliver, resourceType: "invoice"
    ) { context, request in
        let channel = request.channel.trimmingWhitespace()
        let recipient = request.recipient.trimmingWhitespace()
        var violations: [ValidationError.Violation] = []
        if channel.isEmpty || channel.unicodeScalars.count > 32 {
            violations.append(
                .init(field: "channel", reason: "must be 1 to 32 characters, for example email"))
        }
        if recipient.isEmpty || recipient.unicodeScalars.count > 320 {
            violations.append(.init(field: "recipient", reason: "must be 1 to 320 characters"))
        }
        guard violations.isEmpty else { throw ValidationError(violations) }
        return try transition(
            request.id, event: .deliver, context: context,
            assignments: "delivery_channel = $4, delivery_recipient = $5, delivered_at = now()",
            parameters: [channel, recipient])
    }

    static let acknowledgeInvoice = ServiceMethod<InvoiceTransitionRequest, Invoice>(
        path: MethodNames.acknowledgeInvoice, permission: .invoiceDeliver, resourceType: "invoice"
    ) { context, request in
        try transition(
            request.id, event: .acknowledge, context: context,
            assignments: "acknowledged_at = now()")
    }

    static let archiveInvoice = ServiceMethod<InvoiceTransitionRequest, Invoice>(
        path: MethodNames.archiveInvoice, permission: .invoiceDeliver, resourceType: "invoice"
    ) { context, request in
        try transition(
            request.id, event: .archive, context: context, assignments: "archived_at = now()")
    }

    /// Applies `event` to the invoice with `id`, or fails with
    /// FAILED_PRECONDITION naming its current status.
    static func transition(
        _ id: String, event: InvoiceStateMachine.Event, context: CallContext, assignments: String,
        parameters: [String?] = []
    ) throws -> Invoice {
        let invoiceID = try Identifier.uuid(id, field: "id")
        let tenantID = context.principal.tenantID
        return try context.transaction { connection in
            let current = try connection.queryPrepared(
                "SELECT status, kind FROM invoices WHERE tenant_id = $1 AND invoice_id = $2 FOR UPDATE",
                [tenantID, invoiceID])
            guard current.rowCount == 1 else {
                throw RPCError(.notFound, "invoice '\(id)' not found")
            }
            let status = InvoiceStatus(storageName: current[0, "status"] ?? "") ?? .unspecified
            let kind = InvoiceKind(storageName: current[0, "kind"] ?? "") ?? .invoice
            guard let next = InvoiceStateMachine.next(from: status, kind: kind, on: event) else {
                throw RPCError(
                    .failedPrecondition,
                    "invoice '\(id)' is \(InvoiceStateMachine.name(status)); \(event.rawValue) is not allowed from that status"
                )
            }
            _ = try connection.queryPrepared(
                "UPDATE invoices SET status = $3, \(assignments) WHERE tenant_id = $1 AND invoice_id = $2",
                [tenantID, invoiceID, next.storageName] + parameters)
            guard
                let invoice = try InvoiceRepository.load(
                    tenantID: tenantID, invoiceID: invoiceID, on: connection)
            else {
                throw RPCError(.internal, "invoice \(invoiceID) vanished during \(event.rawValue)")
            }
            var changes: [String: AccessLogEntry.FieldChange] = [
                "status": .init(before: status.storageName, after: next.storageName)
            ]
            if event == .deliver {
                changes["delivery_channel"] = .init(before: nil, after: invoice.deliveryChannel)
                changes["delivery_recipient"] = .init(before: nil, after: invoice.deliveryRecipient)
            }
            try context.recordSuccess(
                on: connection, resourceType: "invoice", resourceID: invoiceID, changes: changes)
            return invoice
        }
    }
}
