import FapiaoAPI
import FapiaoLogging
import FapiaoStore
import Foundation

/// The one statement that numbers and stores an invoice: it takes the
/// series' next number, inserts the lines and the invoice with its content
/// hash, and writes the access-log entry.
///
/// The number is taken in the last statement before COMMIT, so the series'
/// counter row stays locked for one statement and the commit only, the
/// shortest time a gapless number allows. Everything else is computed
/// before: the invoice id, the amounts and the canonical text around the
/// number, display number and issue time, which PostgreSQL fills in to
/// compute the hash.
enum IssuingStatement {
    static let sql = """
        WITH \(SeriesCounter.numberingCTEs),
        line AS (
            INSERT INTO invoice_lines (tenant_id, invoice_id, line_number, item_name,
                specification, unit, quantity, unit_price, tax_rate, amount, tax_amount)
            SELECT $1::uuid, $3::uuid, l.line_number, l.item_name, l.specification, l.unit,
                l.quantity, l.unit_price, l.tax_rate, l.amount, l.tax_amount
            FROM unnest($33::text[], $34::text[], $35::text[], $36::numeric[], $37::numeric[],
                    $38::numeric[], $39::numeric[], $40::numeric[])
                WITH ORDINALITY AS l(item_name, specification, unit, quantity, unit_price,
                    tax_rate, amount, tax_amount, line_number)
            WHERE EXISTS (SELECT FROM number)
            RETURNING *
        ),
        invoice AS (
            -- Reading "line" here inserts the lines first: their trigger rejects
            -- lines of an invoice that already has its content hash.
            INSERT INTO invoices (tenant_id, invoice_id, series, number, display_number, status,
                idempotency_key, request_hash,
                seller_name, seller_tax_id, seller_address, seller_phone, seller_bank_name,
                seller_bank_account, buyer_name, buyer_tax_id, buyer_address, buyer_phone,
                buyer_bank_name, buyer_bank_account, currency, total_amount, total_tax,
                total_with_tax, remarks, issuer, issued_by, issued_at, kind, original_invoice_id,
                credit_reason, warnings, retention_until, content_hash)
            SELECT $1::uuid, $3::uuid, $2::text, n.number, n.display_number, 'issued', $4, $5::bytea,
                $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                $19::numeric, $20::numeric, $21::numeric, $22, $23, $24::uuid, n.issued_at, $25,
                $26::uuid, $27, ARRAY(SELECT json_array_elements_text($28::json)),
                make_date(extract(year FROM n.issued_at AT TIME ZONE 'Asia/Shanghai')::int
                    + $29::int, 12, 31),
                sha256(convert_to(
                    $30 || 'number=' || n.number || E'\\n'
                        || 'display_number='
                        || replace(replace(n.display_number, '\\', '\\\\'), E'\\n', '\\n') || E'\\n'
                        || $31 || 'issued_at=' || \(SQLTime.rfc3339("n.issued_at")) || E'\\n' || $32,
                    'UTF8'))
            FROM number n, (SELECT count(*) FROM line) AS stored_lines
            RETURNING *
        ),
        entry AS (
            \(AccessLogWriter.successInsert(
                from: "invoice i", resourceID: "i.invoice_id::text",
                changes: """
                    $49::jsonb || jsonb_build_object(
                        'number', jsonb_build_object('before', NULL, 'after', i.number::text),
                        'content_hash',
                        jsonb_build_object('before', NULL, 'after', encode(i.content_hash, 'hex')))
                    """, firstParameter: 41))
        )
        SELECT \(InvoiceRepository.headerColumns), \(InvoiceRepository.lineColumns)
        FROM invoice LEFT JOIN line USING (tenant_id, invoice_id)
        ORDER BY line_number
        """

    /// Runs the statement with `parameters` (see `parameters(for:invoiceID:issuance:entry:)`)
    /// and returns the stored invoice as PostgreSQL renders it, or nil when
    /// the tenant has no such series or `timeLeft` ran out before the number
    /// was taken.
    ///
    /// - Parameters:
    ///   - committing: sends COMMIT with the statement, which ends the
    ///     transaction.
    ///   - timeLeft: the call's time left in milliseconds, nil for no deadline.
    static func run(
        _ parameters: [String?], committing: Bool, timeLeft: Int64?,
        on connection: PostgresConnection
    ) throws -> Invoice? {
        let all = parameters + [timeLeft.map(String.init)]
        let result =
            committing
            ? try connection.queryPreparedCommitting(sql, all)
            : try connection.queryPrepared(sql, all)
        return try InvoiceRepository.invoices(joined: result).first
    }

    /// Returns the statement's parameters for `draft`, all but the last: the
    /// batch deadline `$50` (see `SeriesCounter.numberingCTEs`).
    ///
    /// - Parameter entry: the call's success entry; the statement adds the
    ///   number and the content hash to its changes.
    static func parameters(
        for draft: InvoiceDraft, invoiceID: String, issuance: InvoiceRepository.Issuance,
        entry: AccessLogEntry
    ) -> [String?] {
        let segments = InvoiceContentHash.segments(
            expected(draft, invoiceID: invoiceID, issuance: issuance))
        let warnings = "[" + draft.warnings.map(JSONString.quoted).joined(separator: ",") + "]"
        let seller = draft.seller
        let buyer = draft.buyer
        let lines = draft.lines
        return [
            issuance.tenantID, draft.series, invoiceID, issuance.idempotencyKey,
            issuance.requestHash,
            seller.name, seller.taxID, seller.address, seller.phone, seller.bankName,
            seller.bankAccount, buyer.name, buyer.taxID, buyer.address, buyer.phone,
            buyer.bankName, buyer.bankAccount, draft.currency,
            draft.totalAmount.description, draft.totalTax.description,
            draft.totalWithTax.description, draft.remarks, draft.issuer,
            issuance.principalID, issuance.kind.storageName, issuance.originalInvoiceID,
            issuance.creditReason?.storageName, warnings, String(issuance.retentionYears),
            segments.head, segments.middle, segments.tail,
            array(lines.map(\.itemName)), array(lines.map(\.specification)),
            array(lines.map(\.unit)), array(lines.map(\.quantity.description)),
            array(lines.map(\.unitPrice.description)), array(lines.map(\.taxRate.description)),
            array(lines.map(\.amount.description)), array(lines.map(\.taxAmount.description)),
        ] + AccessLogWriter.successParameters(entry) + [entry.changesJSON ?? "{}"]
    }

    /// Returns the invoice as the statement stores it, with the fields that
    /// PostgreSQL fills in left empty. Values are written as PostgreSQL
    /// renders them: ids in lower case and decimals with their scale.
    static func expected(
        _ draft: InvoiceDraft, invoiceID: String, issuance: InvoiceRepository.Issuance
    ) -> Invoice {
        var invoice = Invoice()
        invoice.id = invoiceID
        invoice.tenantID = issuance.tenantID.lowercased()
        invoice.kind = issuance.kind
        invoice.series = draft.series
        invoice.originalInvoiceID = issuance.originalInvoiceID?.lowercased() ?? ""
        invoice.creditReason = issuance.creditReason ?? .unspecified
        for (party, fields) in [(\Invoice.seller, draft.seller), (\Invoice.buyer, draft.buyer)] {
            invoice[keyPath: party] = Party(
                name: fields.name, taxID: fields.taxID, address: fields.address,
                phone: fields.phone, bankName: fields.bankName, bankAccount: fields.bankAccount)
        }
        invoice.currency = draft.currency
        invoice.totalAmount = draft.totalAmount.description
        invoice.totalTax = draft.totalTax.description
        invoice.totalWithTax = draft.totalWithTax.description
        invoice.remarks = draft.remarks
        invoice.issuer = draft.issuer
        invoice.issuedBy = issuance.principalID.lowercased()
        invoice.lines = draft.lines.enumerated().map { index, line in
            InvoiceLine(
                lineNumber: UInt32(index + 1), itemName: line.itemName,
                specification: line.specification, unit: line.unit,
                quantity: line.quantity.description, unitPrice: line.unitPrice.description,
                taxRate: line.taxRate.description, amount: line.amount.description,
                taxAmount: line.taxAmount.description)
        }
        return invoice
    }

    /// Returns `values` as a PostgreSQL array literal of quoted elements.
    static func array(_ values: [String]) -> String {
        let elements = values.map { value in
            "\"" + Escaping.escaping(value, [0x5c: #"\\"#, 0x22: #"\""#]) + "\""
        }
        return "{" + elements.joined(separator: ",") + "}"
    }
}
