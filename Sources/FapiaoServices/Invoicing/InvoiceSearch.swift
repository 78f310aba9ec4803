import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import Foundation

/// Finding, exporting, verifying and reconciling invoices.
enum InvoiceSearch {
    static let defaultPageSize = 100
    static let maximumPageSize = 1000
    /// Invoices read per statement while exporting or verifying.
    static let batchSize = 200
    /// Mismatches reported by one VerifyInvoices call at most.
    static let maximumMismatches = 1000

    /// `ListInvoices`: one page, newest first. Permission invoice.read.
    static let listInvoices = ServiceMethod<ListInvoicesRequest, ListInvoicesResponse>(
        path: MethodNames.listInvoices, permission: .invoiceRead, resourceType: "invoice"
    ) { context, request in
        let size = request.pageSize == 0 ? defaultPageSize : Int(request.pageSize)
        guard size <= maximumPageSize else {
            throw ValidationError(
                field: "pageSize",
                reason: "\(request.pageSize) is above the maximum of \(maximumPageSize)")
        }
        var cursor: InvoiceQuery.Cursor?
        if !request.pageToken.isEmpty {
            guard let parsed = InvoiceQuery.Cursor(token: request.pageToken) else {
                throw ValidationError(
                    field: "pageToken",
                    reason: "'\(request.pageToken.prefix(64))' is not a token from an earlier reply")
            }
            cursor = parsed
        }
        let query = try InvoiceQuery(tenantID: context.principal.tenantID, filter: request.filter)
        return try context.transaction { connection in
            let positions = try query.page(after: cursor, limit: size + 1, on: connection)
            let page = Array(positions.prefix(size))
            let invoices = try InvoiceRepository.loadMany(
                tenantID: context.principal.tenantID, invoiceIDs: page.map(\.invoiceID),
                on: connection)
            try context.recordSuccess(on: connection, resourceType: "invoice", resourceID: nil)
            let next = positions.count > size ? page.last?.token ?? "" : ""
            return ListInvoicesResponse(invoices: invoices, nextPageToken: next)
        }
    }

    /// `ExportInvoices`: every matching invoice as a stream, newest first,
    /// read in batches so that memory stays flat. Permission invoice.export.
    static let exportInvoices = StreamingServiceMethod<ExportInvoicesRequest, Invoice>(
        path: MethodNames.exportInvoices, permission: .invoiceExport, resourceType: "invoice"
    ) { context, request, send in
        let query = try InvoiceQuery(tenantID: context.principal.tenantID, filter: request.filter)
        var cursor: InvoiceQuery.Cursor?
        var exported = 0
        var lastBatchCount = 0
        // NOTE: batches are sent without waiting for the client to read them;
        // a slow reader makes the server buffer the replies of one call.
        repeat {
            let batch = try context.transaction { connection in
                let positions = try query.page(after: cursor, limit: batchSize, on: connection)
                let invoices = try InvoiceRepository.loadMany(
                    tenantID: context.principal.tenantID, invoiceIDs: positions.map(\.invoiceID),
                    on: connection)
                return (positions.last, invoices)
            }
            for invoice in batch.1 { send(invoice) }
            exported += batch.1.count
            lastBatchCount = batch.1.count
            cursor = batch.0
            if context.call.isCancelled { return }
        } while cursor != nil && lastBatchCount == batchSize
        try context.transaction { connection in
            try context.recordSuccess(
                on: connection, resourceType: "invoice", resourceID: nil,
                changes: ["exported": .init(before: nil, after: String(exported))])
        }
    }

    /// `VerifyInvoices`: recomputes the content hash of every invoice in the
    /// range and reports those whose stored content no longer matches.
    /// Permission invoice.read.
    static let verifyInvoices = ServiceMethod<VerifyInvoicesRequest, VerifyInvoicesResponse>(
        path: MethodNames.verifyInvoices, permission: .invoiceRead, resourceType: "invoice"
    ) { context, request in
        var filter = InvoiceFilter()
        filter.issuedFrom = request.issuedFrom
        filter.issuedTo = request.issuedTo
        let query = try InvoiceQuery(
            tenantID: context.principal.tenantID, filter: filter, fieldPrefix: "range")
        var cursor: InvoiceQuery.Cursor?
        var checked: UInt64 = 0
        var mismatches: [InvoiceMismatch] = []
        while true {
            let (positions, invoices) = try context.transaction { connection in
                let positions = try query.page(after: cursor, limit: batchSize, on: connection)
                return (
                    positions,
                    try InvoiceRepository.loadMany(
                        tenantID: context.principal.tenantID,
                        invoiceIDs: positions.map(\.invoiceID),
                        on: connection)
                )
            }
            // NOTE: the stored hash is not compared with the one the signed
            // access log recorded at issuance, so an edit of content and
            // hash together passes here. docs/invoices.md describes how to check it.
            for invoice in invoices {
                checked += 1
                let computed = InvoiceContentHash.hash(invoice)
                if computed != invoice.contentHash && mismatches.count < maximumMismatches {
                    mismatches.append(
                        InvoiceMismatch(
                            invoiceID: invoice.id, displayNumber: invoice.displayNumber,
                            storedHash: invoice.contentHash, computedHash: computed))
                }
            }
            guard positions.count == batchSize, let last = positions.last else { break }
            cursor = last
            if context.call.isCancelled { break }
        }
        try context.transaction { connection in
            try context.recordSuccess(
                on: connection, resourceType: "invoice", resourceID: nil,
                changes: [
                    "checked": .init(before: nil, after: String(checked)),
                    "mismatches": .init(before: nil, after: String(mismatches.count)),
                ])
        }
        return VerifyInvoicesResponse(checked: checked, mismatches: mismatches)
    }

    /// `ReconcileTotals`: invoice and line counts with amount and tax sums by
    /// status, kind, currency and tax rate for a month in China Standard Time.
    /// Status is the invoices' current status, so a month's rows move between
    /// statuses as its invoices are delivered or archived.
    /// Permission invoice.export.
    static let reconcileTotals = ServiceMethod<ReconcileTotalsRequest, ReconcileTotalsResponse>(
        path: MethodNames.reconcileTotals, permission: .invoiceExport, resourceType: "invoice"
    ) { context, request in
        let parts = request.period.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            (2000...9999).contains(year), (1...12).contains(month), parts[1].count == 2
        else {
            throw ValidationError(
                field: "period",
                reason: "'\(request.period.prefix(20))' is not a month such as 2026-11")
        }
        let start = String(format: "%04d-%02d-01 00:00:00+08", year, month)
        return try context.transaction { connection in
            let rows = try connection.queryPrepared(
                """
                SELECT i.status, i.kind, i.currency, l.tax_rate::text AS tax_rate,
                    count(DISTINCT i.invoice_id) AS invoices, count(*) AS lines,
                    sum(l.amount)::text AS amount, sum(l.tax_amount)::text AS tax
                FROM invoices i
                JOIN invoice_lines l ON l.tenant_id = i.tenant_id AND l.invoice_id = i.invoice_id
                WHERE i.tenant_id = $1 AND i.issued_at >= $2::timestamptz
                  AND i.issued_at < $2::timestamptz + interval '1 month'
                GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                """, [context.principal.tenantID, start])
            let totals = try (0..<rows.rowCount).map { row in
                TotalsRow(
                    status: InvoiceStatus(storageName: rows[row, "status"] ?? "") ?? .unspecified,
                    kind: InvoiceKind(storageName: rows[row, "kind"] ?? "") ?? .unspecified,
                    taxRate: rows[row, "tax_rate"] ?? "",
                    invoices: UInt64(try rows.int(row: row, column: "invoices")),
                    lines: UInt64(try rows.int(row: row, column: "lines")),
                    amount: rows[row, "amount"] ?? "0", tax: rows[row, "tax"] ?? "0",
                    currency: rows[row, "currency"] ?? "")
            }
            try context.recordSuccess(on: connection, resourceType: "invoice", resourceID: nil)
            return ReconcileTotalsResponse(period: request.period, rows: totals)
        }
    }
}
