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
        try loadMany(tenantID: tenantID, invoiceIDs: [invoiceID], on: connection).first
    }

    /// Returns the invoice with `number` in `series`, or nil.
    static func load(
        tenantID: String, series: String, number: UInt64, on connection: PostgresConnection
    )
        throws -> Invoice?
    {
        let rows = try connection.queryPrepared(
            "SELECT invoice_id FROM invoices WHERE tenant_id = $1 AND series = $2 AND number = $3",
            [tenantID, series, String(number)])
        guard rows.rowCount == 1 else { return nil }
        return try load(
            tenantID: tenantID, invoiceID: try rows.string(row: 0, column: "invoice_id"),
            on: connection)
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
        for row in 0..<lines.rowCount {
            func value(_ name: String) -> String { lines[row, name] ?? "" }
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

    private static func header(_ result: PostgresResult, _ row: Int) throws -> Invoice {
        func column(_ name: String) -> String { result[row, name] ?? "" }
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
        if let data = column("warnings").data(using: .utf8),
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

    static func findByIdempotencyKey(
        tenantID: String, key: String, on connection: PostgresConnection
    ) throws -> ExistingIssuance? {
        let result = try connection.queryPrepared(
            "SELECT invoice_id, request_hash FROM invoices WHERE tenant_id = $1 AND idempotency_key = $2",
            [tenantID, key])
        guard result.rowCount == 1 else { return nil }
        return ExistingIssuance(
            invoiceID: try result.string(row: 0, column: "invoice_id"),
            requestHash: try result.string(row: 0, column: "request_hash"))
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

    /// Inserts the invoice and its lines with `number`, and returns the new invoice id.
    static func insert(
        _ draft: InvoiceDraft, number: NumberAssignment, issuance: Issuance,
        on connection: PostgresConnection
    ) throws -> String {
        let seller = draft.seller
        let buyer = draft.buyer
        let warnings = String(
            decoding: try JSONSerialization.data(withJSONObject: draft.warnings), as: UTF8.self)
        let result = try connection.queryPrepared(
            """
            INSERT INTO invoices (tenant_id, invoice_id, series, number, display_number, status,
                idempotency_key, request_hash,
                seller_name, seller_tax_id, seller_address, seller_phone, seller_bank_name,
                seller_bank_account, buyer_name, buyer_tax_id, buyer_address, buyer_phone,
                buyer_bank_name, buyer_bank_account, currency, total_amount, total_tax,
                total_with_tax, remarks, issuer, issued_by, issued_at, kind, original_invoice_id,
                credit_reason, warnings, retention_until)
            VALUES ($1, gen_random_uuid(), $2, $3, $4, 'issued', $5, $6, $7, $8, $9, $10, $11,
                $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27,
                $28, $29, ARRAY(SELECT json_array_elements_text($30::json)),
                make_date(extract(year FROM $26::timestamptz AT TIME ZONE 'Asia/Shanghai')::int
                    + $31::int, 12, 31))
            RETURNING invoice_id
            """,
            [
                issuance.tenantID, draft.series, String(number.number), number.displayNumber,
                issuance.idempotencyKey, issuance.requestHash,
                seller.name, seller.taxID, seller.address, seller.phone, seller.bankName,
                seller.bankAccount, buyer.name, buyer.taxID, buyer.address, buyer.phone,
                buyer.bankName, buyer.bankAccount, draft.currency, draft.totalAmount.description,
                draft.totalTax.description, draft.totalWithTax.description, draft.remarks,
                draft.issuer, issuance.principalID, number.issuedAt, issuance.kind.storageName,
                issuance.originalInvoiceID, issuance.creditReason?.storageName, warnings,
                String(issuance.retentionYears),
            ])
        let invoiceID = try result.string(row: 0, column: "invoice_id")
        for (index, line) in draft.lines.enumerated() {
            _ = try connection.queryPrepared(
                """
                INSERT INTO invoice_lines (tenant_id, invoice_id, line_number, item_name,
                    specification, unit, quantity, unit_price, tax_rate, amount, tax_amount)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                """,
                [
                    issuance.tenantID, invoiceID, String(index + 1), line.itemName,
                    line.specification,
                    line.unit, line.quantity.description, line.unitPrice.description,
                    line.taxRate.description, line.amount.description,
                    line.taxAmount.description,
                ])
        }
        return invoiceID
    }

    /// Stores the content hash of a new invoice; the trigger accepts it once.
    static func setContentHash(
        _ hash: String, tenantID: String, invoiceID: String, on connection: PostgresConnection
    )
        throws
    {
        _ = try connection.queryPrepared(
            "UPDATE invoices SET content_hash = decode($3, 'hex') WHERE tenant_id = $1 AND invoice_id = $2",
            [tenantID, invoiceID, hash])
    }
}
