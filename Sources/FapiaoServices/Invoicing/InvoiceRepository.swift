import FapiaoAPI
import FapiaoStore
import Foundation

/// Reads and writes invoices and their lines. Every statement is scoped by
/// tenant_id, and row-level security adds the same condition, so another
/// tenant's invoice reads as not found.
enum InvoiceRepository {
    private static func time(_ column: String) -> String {
        "coalesce(\(SQLTime.rfc3339(column)), '') AS \(column)"
    }

    /// Output names of `headerColumns`, in order.
    static let headerNames = [
        "invoice_id", "tenant_id", "series", "number", "display_number", "status", "kind",
        "original_invoice_id", "credit_reason", "content_hash", "seller_name", "seller_tax_id",
        "seller_address", "seller_phone", "seller_bank_name", "seller_bank_account", "buyer_name",
        "buyer_tax_id", "buyer_address", "buyer_phone", "buyer_bank_name", "buyer_bank_account",
        "currency", "total_amount", "total_tax", "total_with_tax", "remarks", "issuer", "issued_by",
        "issued_at", "delivery_channel", "delivery_recipient", "delivered_at", "acknowledged_at",
        "archived_at", "credited_total", "warnings",
    ]
    /// Output names of `lineColumns`, in order.
    static let lineNames = [
        "line_number", "item_name", "specification", "unit", "quantity", "unit_price", "tax_rate",
        "amount", "tax_amount",
    ]
    /// Index of each name in rows of `headerColumns` followed by `lineColumns`.
    /// A test checks the names against what PostgreSQL returns.
    private static let positions: [String: Int] = Dictionary(
        uniqueKeysWithValues: (headerNames + lineNames).enumerated().map { ($1, $0) })

    static let headerColumns = """
        invoice_id, tenant_id, series, number, display_number, status, kind,
        coalesce(original_invoice_id::text, '') AS original_invoice_id,
        coalesce(credit_reason, '') AS credit_reason,
        coalesce(encode(content_hash, 'hex'), '') AS content_hash,
        seller_name, seller_tax_id, seller_address, seller_phone, seller_bank_name,
        seller_bank_account, buyer_name, buyer_tax_id, buyer_address, buyer_phone,
        buyer_bank_name, buyer_bank_account, currency, total_amount, total_tax,
        total_with_tax, remarks, issuer, issued_by, \(time("issued_at")),
        coalesce(delivery_channel, '') AS delivery_channel,
        coalesce(delivery_recipient, '') AS delivery_recipient,
        \(time("delivered_at")), \(time("acknowledged_at")), \(time("archived_at")),
        credited_total, to_json(warnings)::text AS warnings
        """

    /// Returns the invoice, or nil when the tenant has none with that id.
    static func load(
        tenantID: String, invoiceID: String, on connection: PostgresConnection
    ) throws
        -> Invoice?
    {
        let rows = try connection.queryPrepared(
            """
            SELECT \(headerColumns), \(lineColumns)
            FROM invoices LEFT JOIN invoice_lines USING (tenant_id, invoice_id)
            WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY line_number
            """, [tenantID, invoiceID])
        return try invoices(joined: rows).first
    }

    /// The key by which `loadRecordingSuccess(_:_:entry:on:)` finds an invoice.
    enum Selection {
        /// Tenant `$1`, invoice id `$2`.
        case byID
        /// Tenant `$1`, series `$2`, number `$3`.
        case bySeriesNumber

        var parameterCount: Int { self == .byID ? 2 : 3 }

        /// The statement, built once per case because it is sent on every
        /// GetInvoice and its text is the key of the prepared statement.
        var sql: String { self == .byID ? Self.byIDStatement : Self.bySeriesNumberStatement }

        private static let byIDStatement = statement(
            "tenant_id = $1 AND invoice_id = $2::uuid", parameterCount: 2)
        private static let bySeriesNumberStatement = statement(
            "tenant_id = $1 AND series = $2 AND number = $3", parameterCount: 3)

        private static func statement(_ condition: String, parameterCount: Int) -> String {
            """
            WITH invoice AS (SELECT * FROM invoices WHERE \(condition)),
            entry AS (
                \(AccessLogWriter.successInsert(
                    from: "invoice", resourceID: "invoice_id::text", changes: "NULL::jsonb",
                    firstParameter: parameterCount + 1))
            )
            SELECT \(headerColumns), \(lineColumns)
            FROM invoice LEFT JOIN invoice_lines USING (tenant_id, invoice_id)
            ORDER BY line_number
            """
        }
    }

    /// Returns the invoice that `selection` selects, with its lines, and in
    /// the same statement writes the call's success entry for it, sent with
    /// COMMIT. Returns nil when there is none, and then nothing is written.
    static func loadRecordingSuccess(
        _ selection: Selection, _ parameters: [String?], entry: AccessLogEntry,
        on connection: PostgresConnection
    ) throws -> Invoice? {
        precondition(parameters.count == selection.parameterCount, "one value per parameter")
        let rows = try connection.queryPreparedCommitting(
            selection.sql, parameters + AccessLogWriter.successParameters(entry))
        return try invoices(joined: rows).first
    }

    /// Returns the invoices with `invoiceIDs` that the tenant has, in the
    /// order of `invoiceIDs`, with two statements whatever their number.
    static func loadMany(
        tenantID: String, invoiceIDs: [String], on connection: PostgresConnection
    ) throws
        -> [Invoice]
    {
        guard !invoiceIDs.isEmpty else { return [] }
        let idArray = "{" + invoiceIDs.joined(separator: ",") + "}"
        let headers = try connection.queryPrepared(
            "SELECT \(headerColumns) FROM invoices WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[])",
            [tenantID, idArray])
        var invoices: [String: Invoice] = [:]
        for row in 0..<headers.rowCount {
            let invoice = try header(headers, row)
            invoices[invoice.id] = invoice
        }
        let lines = try connection.queryPrepared(
            """
            SELECT invoice_id, line_number, item_name, specification, unit, quantity, unit_price,
                tax_rate, amount, tax_amount
            FROM invoice_lines WHERE tenant_id = $1 AND invoice_id = ANY($2::uuid[])
            ORDER BY invoice_id, line_number
            """, [tenantID, idArray])
        let columns = Dictionary(
            uniqueKeysWithValues: lines.columns.enumerated().map { ($1, $0) })
        for row in 0..<lines.rowCount {
            func value(_ name: String) -> String {
                columns[name].flatMap { lines.value(row: row, at: $0) } ?? ""
            }
            invoices[value("invoice_id")]?.lines.append(
                InvoiceLine(
                    lineNumber: UInt32(value("line_number")) ?? 0, itemName: value("item_name"),
                    specification: value("specification"), unit: value("unit"),
                    quantity: value("quantity"), unitPrice: value("unit_price"),
                    taxRate: value("tax_rate"), amount: value("amount"),
                    taxAmount: value("tax_amount")))
        }
        return invoiceIDs.compactMap { invoices[$0.lowercased()] }
    }

    /// Columns of a line in statements that join invoices with their lines.
    static let lineColumns = """
        line_number, item_name, specification, unit, quantity, unit_price, tax_rate, amount,
        tax_amount
        """

    /// Returns the invoices in `result`, whose rows are `headerColumns` joined
    /// with `lineColumns`, one row per line (NULL line columns for none), in
    /// the order of their first rows.
    static func invoices(joined result: PostgresResult) throws -> [Invoice] {
        var invoices: [Invoice] = []
        for row in 0..<result.rowCount {
            func value(_ name: String) -> String {
                guard let index = positions[name] else {
                    preconditionFailure("invoice result has no column named \(name)")
                }
                return result.value(row: row, at: index) ?? ""
            }
            if invoices.last?.id != value("invoice_id") {
                invoices.append(try header(result, row))
            }
            guard let index = positions["line_number"],
                let number = result.value(row: row, at: index)
            else { continue }
            invoices[invoices.count - 1].lines.append(
                InvoiceLine(
                    lineNumber: UInt32(number) ?? 0, itemName: value("item_name"),
                    specification: value("specification"), unit: value("unit"),
                    quantity: value("quantity"), unitPrice: value("unit_price"),
                    taxRate: value("tax_rate"), amount: value("amount"),
                    taxAmount: value("tax_amount")))
        }
        return invoices
    }

    private static func header(_ result: PostgresResult, _ row: Int) throws -> Invoice {
        func column(_ name: String) -> String {
            guard let index = positions[name] else {
                preconditionFailure("invoice result has no column named \(name)")
            }
            return result.value(row: row, at: index) ?? ""
        }
        var invoice = Invoice()
        invoice.id = column("invoice_id")
        invoice.tenantID = column("tenant_id")
        invoice.series = column("series")
        invoice.number = UInt64(column("number")) ?? 0
        invoice.displayNumber = column("display_number")
        invoice.status = InvoiceStatus(storageName: column("status")) ?? .unspecified
        invoice.kind = InvoiceKind(storageName: column("kind")) ?? .unspecified
        invoice.originalInvoiceID = column("original_invoice_id")
        invoice.creditReason = CreditReason(storageName: column("credit_reason")) ?? .unspecified
        invoice.contentHash = column("content_hash")
        invoice.seller = Party(
            name: column("seller_name"), taxID: column("seller_tax_id"),
            address: column("seller_address"), phone: column("seller_phone"),
            bankName: column("seller_bank_name"), bankAccount: column("seller_bank_account"))
        invoice.buyer = Party(
            name: column("buyer_name"), taxID: column("buyer_tax_id"),
            address: column("buyer_address"), phone: column("buyer_phone"),
            bankName: column("buyer_bank_name"), bankAccount: column("buyer_bank_account"))
        invoice.currency = column("currency")
        invoice.totalAmount = column("total_amount")
        invoice.totalTax = column("total_tax")
        invoice.totalWithTax = column("total_with_tax")
        invoice.remarks = column("remarks")
        invoice.issuer = column("issuer")
        invoice.issuedBy = column("issued_by")
        invoice.issuedAt = column("issued_at")
        invoice.deliveryChannel = column("delivery_channel")
        invoice.deliveryRecipient = column("delivery_recipient")
        invoice.deliveredAt = column("delivered_at")
        invoice.acknowledgedAt = column("acknowledged_at")
        invoice.archivedAt = column("archived_at")
        invoice.creditedTotal = column("credited_total")
        let warnings = column("warnings")
        if warnings != "[]", let data = warnings.data(using: .utf8),
            let warnings = try? JSONSerialization.jsonObject(with: data) as? [String]
        {
            invoice.warnings = warnings
        }
        return invoice
    }

    /// An invoice that already has this idempotency key.
    struct ExistingIssuance {
        let invoiceID: String
        let requestHash: String
    }

    /// Returns the invoice that already has idempotency key `key`, read from
    /// `prefetched` when the lookup ran with authentication.
    static func findByIdempotencyKey(
        tenantID: String, key: String, on connection: PostgresConnection,
        prefetched: PostgresResult? = nil
    ) throws -> ExistingIssuance? {
        let lookup = idempotencyLookup(tenantID: tenantID, key: key)
        let result = try prefetched ?? connection.queryPrepared(lookup.sql, lookup.parameters)
        guard result.rowCount == 1 else { return nil }
        return ExistingIssuance(
            invoiceID: try result.string(row: 0, column: "invoice_id"),
            requestHash: try result.string(row: 0, column: "request_hash"))
    }

    /// Returns the statement that reads the invoice of `tenantID` with
    /// idempotency key `key`, in the form that authentication can prefetch.
    static func idempotencyLookup(tenantID: String, key: String) -> CallSession.Prefetch {
        CallSession.Prefetch(
            sql: "SELECT invoice_id, request_hash FROM invoices WHERE tenant_id = $1 AND idempotency_key = $2",
            parameters: [tenantID, key])
    }

    /// Values of an insert besides the draft: tenant, issuer, idempotency key
    /// and the references of a credit note.
    struct Issuance {
        let tenantID: String
        let principalID: String
        let idempotencyKey: String
        let requestHash: String
        let retentionYears: Int
        var kind: InvoiceKind = .invoice
        var originalInvoiceID: String?
        var creditReason: CreditReason?
    }
}
