import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// Numbers and stores a validated draft exactly once per idempotency key.
enum InvoiceIssuer {
    /// Issues `draft` in one transaction: replays an earlier issuance with the
    /// same key, or takes the next number, inserts the invoice and its lines,
    /// stores the content hash and writes the access-log entry. `prepare`
    /// runs first in the same transaction (a credit note locks its original
    /// there), and `finish` runs after the insert.
    static func issue(
        _ draft: InvoiceDraft, issuance: InvoiceRepository.Issuance, context: CallContext,
        prepare: (PostgresConnection) throws -> Void = { _ in },
        finish: (PostgresConnection, Invoice) throws -> Void = { _, _ in }
    ) throws -> IssueInvoiceResponse {
        do {
            return try issueOnce(
                draft, issuance: issuance, context: context, prepare: prepare, finish: finish)
        } catch let error as PostgresError
            where error.isUniqueViolation
            && error.constraint == "invoices_tenant_id_idempotency_key_key"
        {
            // A concurrent call with the same key committed first; its invoice
            // is now visible, so this attempt replays it.
            return try issueOnce(
                draft, issuance: issuance, context: context, prepare: prepare, finish: finish)
        }
    }

    private static func issueOnce(
        _ draft: InvoiceDraft, issuance: InvoiceRepository.Issuance, context: CallContext,
        prepare: (PostgresConnection) throws -> Void,
        finish: (PostgresConnection, Invoice) throws -> Void
    ) throws -> IssueInvoiceResponse {
        let tenantID = issuance.tenantID
        return try context.transaction { connection in
            if let existing = try InvoiceRepository.findByIdempotencyKey(
                tenantID: tenantID, key: issuance.idempotencyKey, on: connection)
            {
                guard existing.requestHash == issuance.requestHash else {
                    throw RPCError(
                        .failedPrecondition,
                        "idempotency key '\(issuance.idempotencyKey)' was already used for a different"
                            + " request; use a new key for a new invoice")
                }
                guard
                    let invoice = try InvoiceRepository.load(
                        tenantID: tenantID, invoiceID: existing.invoiceID, on: connection)
                else {
                    throw RPCError(
                        .internal, "invoice \(existing.invoiceID) vanished during replay")
                }
                try context.recordSuccess(
                    on: connection, resourceType: "invoice", resourceID: invoice.id,
                    changes: ["replayed": .init(before: nil, after: "true")])
                return IssueInvoiceResponse(invoice: invoice, replayed: true)
            }
            try prepare(connection)
            guard
                let number = try SeriesCounter.next(
                    tenantID: tenantID, series: draft.series, on: connection)
            else {
                throw RPCError(.notFound, "series '\(draft.series)' not found")
            }
            let invoiceID = try InvoiceRepository.insert(
                draft, number: number, issuance: issuance, on: connection)
            guard
                var invoice = try InvoiceRepository.load(
                    tenantID: tenantID, invoiceID: invoiceID, on: connection)
            else {
                throw RPCError(.internal, "invoice \(invoiceID) not readable after insert")
            }
            invoice.contentHash = InvoiceContentHash.hash(invoice)
            try InvoiceRepository.setContentHash(
                invoice.contentHash, tenantID: tenantID, invoiceID: invoiceID, on: connection)
            try finish(connection, invoice)
            try context.recordSuccess(
                on: connection, resourceType: "invoice", resourceID: invoiceID,
                changes: [
                    "status": .init(before: nil, after: InvoiceStatus.issued.storageName),
                    "kind": .init(before: nil, after: issuance.kind.storageName),
                    "series": .init(before: nil, after: draft.series),
                    "number": .init(before: nil, after: String(number.number)),
                    "total_with_tax": .init(before: nil, after: draft.totalWithTax.description),
                    "content_hash": .init(before: nil, after: invoice.contentHash),
                ])
            return IssueInvoiceResponse(invoice: invoice, replayed: false)
        }
    }
}
