import FapiaoAPI
import FapiaoStore

/// Reads and writes invoices and their lines. Every statement is scoped by
/// tenant_id, so another tenant's invoice reads as not found.
enum InvoiceRepository {
    private static let timestampFormat = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'"

    /// Returns the invoice, or nil when the tenant has none with that id.
    static func load(tenantID: String, invoiceID: String, on connection: PostgresConnection) throws
        -> Invoice?
    {
        let header = try connection.queryPrepared(
            """
            SELECT invoice_id, tenant_id, series, number, display_number, status,
                seller_name, seller_tax_id, seller_address, seller_phone, seller_bank_name,
                seller_bank_account, buyer_name, buyer_tax_id, buyer_address, buyer_phone,
                buyer_bank_name, buyer_bank_account, currency, total_amount, total_tax,
                total_with_tax, remarks, issuer, issued_by,
                to_char(issued_at AT TIME ZONE 'UTC', \(timestampFormat)) AS issued_at
            FROM invoices WHERE tenant_id = $1 AND invoice_id = $2
            """, [tenantID, invoiceID])
        guard header.rowCount == 1 else { return nil }
        func column(_ name: String) -> String { header[0, name] ?? "" }
        var invoice = Invoice()
        invoice.id = column("invoice_id")
        invoice.tenantID = column("tenant_id")
        invoice.series = column("series")
        invoice.number = UInt64(column("number")) ?? 0
        invoice.displayNumber = column("display_number")
        invoice.status = InvoiceStatus(storageName: column("status")) ?? .unspecified
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

        let lines = try connection.queryPrepared(
            """
            SELECT line_number, item_name, specification, unit, quantity, unit_price, tax_rate,
                amount, tax_amount
            FROM invoice_lines WHERE tenant_id = $1 AND invoice_id = $2 ORDER BY line_number
            """, [tenantID, invoiceID])
        invoice.lines = (0..<lines.rowCount).map { row in
            func value(_ name: String) -> String { lines[row, name] ?? "" }
            return InvoiceLine(
                lineNumber: UInt32(value("line_number")) ?? 0, itemName: value("item_name"),
                specification: value("specification"), unit: value("unit"),
                quantity: value("quantity"), unitPrice: value("unit_price"),
                taxRate: value("tax_rate"), amount: value("amount"),
                taxAmount: value("tax_amount"))
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

    /// Inserts the invoice and its lines with `number`, and returns the new invoice id.
    static func insert(
        _ draft: InvoiceDraft, number: NumberAssignment, tenantID: String, principalID: String,
        idempotencyKey: String, requestHash: String, on connection: PostgresConnection
    ) throws -> String {
        let seller = draft.seller
        let buyer = draft.buyer
        let result = try connection.queryPrepared(
            """
            INSERT INTO invoices (tenant_id, invoice_id, series, number, display_number, status,
                idempotency_key, request_hash,
                seller_name, seller_tax_id, seller_address, seller_phone, seller_bank_name,
                seller_bank_account, buyer_name, buyer_tax_id, buyer_address, buyer_phone,
                buyer_bank_name, buyer_bank_account, currency, total_amount, total_tax,
                total_with_tax, remarks, issuer, issued_by, issued_at)
            VALUES ($1, gen_random_uuid(), $2, $3, $4, 'issued', $5, $6, $7, $8, $9, $10, $11,
                $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
            RETURNING invoice_id
            """,
            [
                tenantID, draft.series, String(number.number), number.displayNumber,
                idempotencyKey, requestHash,
                seller.name, seller.taxID, seller.address, seller.phone, seller.bankName,
                seller.bankAccount, buyer.name, buyer.taxID, buyer.address, buyer.phone,
                buyer.bankName, buyer.bankAccount, draft.currency, draft.totalAmount.description,
                draft.totalTax.description, draft.totalWithTax.description, draft.remarks,
                draft.issuer, principalID, number.issuedAt,
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
                    tenantID, invoiceID, String(index + 1), line.itemName, line.specification,
                    line.unit, line.quantity.description, line.unitPrice.description,
                    line.taxRate.description, line.amount.description,
                    line.taxAmount.description,
                ])
        }
        return invoiceID
    }
}
