import FapiaoAPI
import FapiaoStore
import Foundation

/// A validated `InvoiceFilter` as SQL conditions, with keyset pagination
/// over (issued_at, invoice_id), newest first.
struct InvoiceQuery {
    private(set) var conditions: [String] = ["tenant_id = $1"]
    private(set) var parameters: [String?]

    /// - Throws: `ValidationError` naming the filter field at fault.
    init(tenantID: String, filter: InvoiceFilter?, fieldPrefix: String = "filter") throws {
        parameters = [tenantID]
        guard let filter else { return }
        var violations: [ValidationError.Violation] = []
        func add(_ condition: (String) -> String, _ value: String) {
            parameters.append(value)
            conditions.append(condition("$\(parameters.count)"))
        }
        for (field, text, comparison) in [
            ("issuedFrom", filter.issuedFrom, ">="), ("issuedTo", filter.issuedTo, "<"),
        ] where !text.isEmpty {
            if RFC3339Time.parse(text) == nil {
                violations.append(
                    .init(
                        field: "\(fieldPrefix).\(field)",
                        reason: "'\(text.prefix(40))' is not an RFC 3339 time"))
            } else {
                add({ "issued_at \(comparison) \($0)::timestamptz" }, text)
            }
        }
        if !filter.buyerName.isEmpty {
            let escaped = filter.buyerName.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(
                    of: "_", with: "\\_")
            add({ "buyer_name ILIKE '%' || \($0) || '%'" }, escaped)
        }
        if !filter.buyerTaxID.isEmpty { add({ "buyer_tax_id = \($0)" }, filter.buyerTaxID) }
        for (field, text, comparison) in [
            ("minTotal", filter.minTotal, ">="), ("maxTotal", filter.maxTotal, "<="),
        ] where !text.isEmpty {
            if ExactDecimal(parsing: text) == nil {
                violations.append(
                    .init(
                        field: "\(fieldPrefix).\(field)",
                        reason: "'\(text.prefix(40))' is not a decimal"))
            } else {
                add({ "total_with_tax \(comparison) \($0)::numeric" }, text)
            }
        }
        // NOTE: a status or kind number this server does not know decodes as
        // unspecified, so it filters nothing instead of being rejected.
        if filter.status != .unspecified { add({ "status = \($0)" }, filter.status.storageName) }
        if filter.kind != .unspecified { add({ "kind = \($0)" }, filter.kind.storageName) }
        if !filter.series.isEmpty { add({ "series = \($0)" }, filter.series) }
        if !violations.isEmpty { throw ValidationError(violations) }
    }

    /// A position in the ordering, carried in page tokens.
    struct Cursor: Equatable {
        let issuedAt: String
        let invoiceID: String

        /// Opaque token text: base64 of `v1|<issued_at>|<invoice id>`.
        var token: String { Data("v1|\(issuedAt)|\(invoiceID)".utf8).base64EncodedString() }

        init(issuedAt: String, invoiceID: String) {
            self.issuedAt = issuedAt
            self.invoiceID = invoiceID
        }

        init?(token: String) {
            guard let data = Data(base64Encoded: token),
                let parts = String(data: data, encoding: .utf8)?.split(separator: "|"),
                parts.count == 3, parts[0] == "v1",
                RFC3339Time.parse(String(parts[1])) != nil,
                UUID(uuidString: String(parts[2])) != nil
            else { return nil }
            self.init(issuedAt: String(parts[1]), invoiceID: String(parts[2]))
        }
    }

    /// Returns the statement that reads the ids and positions of up to
    /// `limit` invoices after `cursor`, with its parameters.
    func statement(after cursor: Cursor?, limit: Int) -> (sql: String, parameters: [String?]) {
        var conditions = self.conditions
        var parameters = self.parameters
        if let cursor {
            parameters.append(cursor.issuedAt)
            parameters.append(cursor.invoiceID)
            conditions.append(
                "(issued_at, invoice_id) < ($\(parameters.count - 1)::timestamptz, $\(parameters.count)::uuid)"
            )
        }
        // ORDER BY names the table's column: the bare name would sort by the
        // text alias of the select list, which no index covers.
        let sql = """
            SELECT invoice_id,
                \(SQLTime.rfc3339("issued_at")) AS issued_at
            FROM invoices WHERE \(conditions.joined(separator: " AND "))
            ORDER BY invoices.issued_at DESC, invoice_id DESC LIMIT \(limit)
            """
        return (sql, parameters)
    }

    /// Returns the ids and positions of up to `limit` invoices after `cursor`.
    func page(
        after cursor: Cursor?, limit: Int, on connection: PostgresConnection
    ) throws -> [Cursor] {
        let statement = statement(after: cursor, limit: limit)
        let rows = try connection.query(statement.sql, statement.parameters)
        return try (0..<rows.rowCount).map {
            Cursor(
                issuedAt: try rows.string(row: $0, column: "issued_at"),
                invoiceID: try rows.string(row: $0, column: "invoice_id"))
        }
    }
}
