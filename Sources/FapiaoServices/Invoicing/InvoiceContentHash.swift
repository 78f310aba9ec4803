import FapiaoAPI

/// The canonical encoding of an invoice's issued content and its SHA-256.
///
/// The encoding is UTF-8 text with one `name=value` line per field, in the
/// fixed order below, then the same for each line as `line.N.name=value`.
/// In values, `\` is written `\\` and a newline `\n`. Decimals and times are
/// written as the API returns them. docs/invoices.md repeats this
/// definition for auditors who recompute hashes themselves.
enum InvoiceContentHash {
    static func canonicalText(_ invoice: Invoice) -> String {
        fields(invoice).map(line).joined()
    }

    /// Returns the canonical text around the fields that the issuing
    /// statement fills in: the lines before `number`, those between
    /// `display_number` and `issued_at`, and those after `issued_at`.
    static func segments(_ invoice: Invoice) -> (head: String, middle: String, tail: String) {
        let all = fields(invoice)
        let names = all.map(\.0)
        let number = names.firstIndex(of: "number")!
        let issuedAt = names.firstIndex(of: "issued_at")!
        precondition(names[number + 1] == "display_number", "display_number follows number")
        return (
            all[..<number].map(line).joined(), all[(number + 2)..<issuedAt].map(line).joined(),
            all[(issuedAt + 1)...].map(line).joined()
        )
    }

    private static func line(_ field: (String, String)) -> String {
        "\(field.0)=\(escape(field.1))\n"
    }

    private static func fields(_ invoice: Invoice) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("format", "fapiao-invoice-v1"),
            ("id", invoice.id), ("tenant_id", invoice.tenantID), ("kind", invoice.kind.storageName),
            ("series", invoice.series), ("number", String(invoice.number)),
            ("display_number", invoice.displayNumber),
            ("original_invoice_id", invoice.originalInvoiceID),
            (
                "credit_reason",
                invoice.creditReason == .unspecified ? "" : invoice.creditReason.storageName
            ),
        ]
        for (prefix, party) in [
            ("seller", invoice.seller ?? Party()), ("buyer", invoice.buyer ?? Party()),
        ] {
            fields += [
                ("\(prefix).name", party.name), ("\(prefix).tax_id", party.taxID),
                ("\(prefix).address", party.address), ("\(prefix).phone", party.phone),
                ("\(prefix).bank_name", party.bankName),
                ("\(prefix).bank_account", party.bankAccount),
            ]
        }
        fields += [
            ("currency", invoice.currency), ("total_amount", invoice.totalAmount),
            ("total_tax", invoice.totalTax), ("total_with_tax", invoice.totalWithTax),
            ("issued_at", invoice.issuedAt), ("remarks", invoice.remarks),
            ("issuer", invoice.issuer),
            ("issued_by", invoice.issuedBy), ("lines", String(invoice.lines.count)),
        ]
        for line in invoice.lines {
            let prefix = "line.\(line.lineNumber)"
            fields += [
                ("\(prefix).item_name", line.itemName),
                ("\(prefix).specification", line.specification),
                ("\(prefix).unit", line.unit), ("\(prefix).quantity", line.quantity),
                ("\(prefix).unit_price", line.unitPrice), ("\(prefix).tax_rate", line.taxRate),
                ("\(prefix).amount", line.amount), ("\(prefix).tax_amount", line.taxAmount),
            ]
        }
        return fields
    }

    /// SHA-256 of `canonicalText(invoice)`, lower-case hex.
    static func hash(_ invoice: Invoice) -> String {
        APIKey.hex(Digest.sha256(Array(canonicalText(invoice).utf8)))
    }

    private static func escape(_ value: String) -> String {
        Escaping.escaping(value, [0x5c: "\\\\", 0x0a: "\\n"])
    }
}
