import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import Foundation

/// Numbers and stores a validated draft exactly once per idempotency key.
enum InvoiceIssuer {
    /// The queue of every series for the whole process (see `SeriesQueue`).
    static let seriesQueue = SeriesQueue()

    /// Issues `draft` in one transaction: replays an earlier issuance with the
    /// same key, or numbers and stores the invoice with its lines, content
    /// hash and access-log entry in one statement (`IssuingStatement`).
    /// `prepare` runs first in the same transaction (a credit note locks its
    /// original there), and `finish` runs after the insert. Without either,
    /// the statement may run in a batch of the series' waiting calls.
    static func issue(
        _ draft: InvoiceDraft, issuance: InvoiceRepository.Issuance, context: CallContext,
        prepare: ((PostgresConnection) throws -> Void)? = nil,
        finish: ((PostgresConnection, Invoice) throws -> Void)? = nil
    ) throws -> IssueInvoiceResponse {
        var queued = prepare == nil && finish == nil
        while true {
            do {
                return try issueOnce(
                    draft, issuance: issuance, context: context, queued: queued,
                    prepare: prepare, finish: finish)
            } catch is BatchFailed {
                // Nothing of the batch was stored; the next attempt runs alone.
                queued = false
            } catch let error as PostgresError
                where error.isUniqueViolation
                && error.constraint == "invoices_tenant_id_idempotency_key_key"
            {
                // A concurrent call with the same key committed first; its invoice
                // is now visible, so this attempt replays it.
                return try issueOnce(
                    draft, issuance: issuance, context: context, queued: false,
                    prepare: prepare, finish: finish)
            }
        }
    }

    /// Thrown out of a transaction whose statement ran in a batch that failed.
    private struct BatchFailed: Error {}

    private static func issueOnce(
        _ draft: InvoiceDraft, issuance: InvoiceRepository.Issuance, context: CallContext,
        queued: Bool, prepare: ((PostgresConnection) throws -> Void)?,
        finish: ((PostgresConnection, Invoice) throws -> Void)?
    ) throws -> IssueInvoiceResponse {
        let tenantID = issuance.tenantID
        return try context.transaction { connection in
            let lookup = InvoiceRepository.idempotencyLookup(
                tenantID: tenantID, key: issuance.idempotencyKey)
            if let existing = try InvoiceRepository.findByIdempotencyKey(
                tenantID: tenantID, key: issuance.idempotencyKey, on: connection,
                prefetched: context.session.takePrefetched(lookup))
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
            try prepare?(connection)
            var entry = context.entry(statusCode: 0, statusMessage: "")
            entry.resourceType = "invoice"
            entry.changes = [
                "status": .init(before: nil, after: InvoiceStatus.issued.storageName),
                "kind": .init(before: nil, after: issuance.kind.storageName),
                "series": .init(before: nil, after: draft.series),
                "total_with_tax": .init(before: nil, after: draft.totalWithTax.description),
            ]
            let parameters = IssuingStatement.parameters(
                for: draft, invoiceID: UUID().uuidString.lowercased(), issuance: issuance,
                entry: entry)
            let stored: Invoice?
            if queued {
                switch seriesQueue.issue(
                    parameters, lineCount: draft.lines.count, tenantID: tenantID,
                    series: draft.series, call: context.call, on: connection)
                {
                case .stored(let invoice):
                    stored = invoice
                case .failed(let error):
                    throw error
                case .retryAlone(let cause):
                    if let cause {
                        context.logger.warning(
                            "issuing_batch_failed",
                            ["series": .string(draft.series), "error": .string("\(cause)")])
                    }
                    throw BatchFailed()
                }
            } else {
                // Without a finishing step, COMMIT travels with the statement, so
                // the counter row is unlocked without waiting for this thread.
                stored = try IssuingStatement.run(
                    parameters, committing: finish == nil,
                    timeLeft: context.call.timeRemaining.map(Database.milliseconds),
                    on: connection)
            }
            guard let invoice = stored else {
                if let remaining = context.call.timeRemaining, remaining <= .zero {
                    throw RPCError(
                        .deadlineExceeded,
                        "the deadline passed before the invoice of series"
                            + " '\(draft.series.prefix(32))' was numbered")
                }
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
