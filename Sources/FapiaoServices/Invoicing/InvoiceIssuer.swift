import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import Foundation

/// Numbers and stores a validated draft exactly once per idempotency key.
enum InvoiceIssuer {
    /// Issues `draft` in one transaction: replays an earlier issuance with the
    /// same key, or numbers and stores the invoice with its lines, content
    /// hash and access-log entry in one statement (`IssuingStatement`).
    /// `prepare` runs first in the same transaction (a credit note locks its
    /// original there), and `finish` runs after the insert.
    static func issue(
        _ draft: InvoiceDraft, issuance: InvoiceRepository.Issuance, context: CallContext,
        prepare: (PostgresConnection) throws -> Void = { _ in },
        finish: ((PostgresConnection, Invoice) throws -> Void)? = nil
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
        finish: ((PostgresConnection, Invoice) throws -> Void)?
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
            var entry = context.entry(statusCode: 0, statusMessage: "")
            entry.resourceType = "invoice"
            entry.changes = [
                "status": .init(before: nil, after: InvoiceStatus.issued.storageName),
                "kind": .init(before: nil, after: issuance.kind.storageName),
                "series": .init(before: nil, after: draft.series),
                "total_with_tax": .init(before: nil, after: draft.totalWithTax.description),
            ]
            // Without a finishing step, COMMIT travels with the statement, so
            // the counter row is unlocked without waiting for this thread.
            guard
                let invoice = try IssuingStatement.run(
                    draft, invoiceID: UUID().uuidString.lowercased(), issuance: issuance,
                    entry: entry, committing: finish == nil, on: connection)
            else {
                throw RPCError(.notFound, "series '\(draft.series)' not found")
            }
            context.markSuccessRecorded()
            // PostgreSQL computed the hash from the canonical text prepared
            // here, with the number and times filled in. It must match the hash
            // of the stored values, or the invoice would fail verification.
            let computed = InvoiceContentHash.hash(invoice)
            guard computed == invoice.contentHash else {
                // NOTE: after a committing statement the invoice is already
                // stored; VerifyInvoices then lists it. The values are sent in
                // PostgreSQL's own rendering, so this is not expected to happen.
                context.logger.error(
                    "invoice_hash_mismatch",
                    [
                        "invoice_id": .string(invoice.id), "stored": .string(invoice.contentHash),
                        "computed": .string(computed),
                    ])
                throw RPCError(
                    .internal,
                    "content hash \(invoice.contentHash) of new invoice \(invoice.id) does not"
                        + " match its stored content (\(computed))")
            }
            try finish?(connection, invoice)
            return IssueInvoiceResponse(invoice: invoice, replayed: false)
        }
    }
}
