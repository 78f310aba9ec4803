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
        var writer = Writer(splitting: false)
        writer.write(invoice)
        return writer.parts[0]
    }

    /// Returns the canonical text around the fields that the issuing
    /// statement fills in: the lines before `number`, those between
    /// `display_number` and `issued_at`, and those after `issued_at`.
    static func segments(_ invoice: Invoice) -> (head: String, middle: String, tail: String) {
        var writer = Writer(splitting: true)
        writer.write(invoice)
        return (writer.parts[0], writer.parts[1], writer.parts[2])
    }

    /// SHA-256 of `canonicalText(invoice)`, lower-case hex.
    static func hash(_ invoice: Invoice) -> String {
        APIKey.hex(Digest.sha256(Array(canonicalText(invoice).utf8)))
    }

    /// Appends the `name=value` lines to one text, or with `splitting` to
    /// the three segments around the filled-in fields. The text is built in
    /// place because this runs twice per IssueInvoice and once per invoice
    /// that VerifyInvoices checks.
    private struct Writer {
        let splitting: Bool
        var parts = ["", "", ""]
        private var part = 0

        init(splitting: Bool) {
            self.splitting = splitting
            parts[0].reserveCapacity(2048)
        }

        mutating func write(_ invoice: Invoice) {
            add("format", "fapiao-invoice-v1")
            add("id", invoice.id)
            add("tenant_id", invoice.tenantID)
            add("kind", invoice.kind.storageName)
            add("series", invoice.series)

            if splitting {
                part = 1
                parts[1].reserveCapacity(1024)
            } else {
                add("number", String(invoice.number))
                add("display_number", invoice.displayNumber)
            }
            add("original_invoice_id", invoice.originalInvoiceID)
            add(
                "credit_reason",
                invoice.creditReason == .unspecified ? "" : invoice.creditReason.storageName)

            for (prefix, party) in [
                ("seller.", invoice.seller ?? Party()), ("buyer.", invoice.buyer ?? Party()),
            ] {
                add(prefix, "name", party.name)
                add(prefix, "tax_id", party.taxID)
                add(prefix, "address", party.address)
                add(prefix, "phone", party.phone)
                add(prefix, "bank_name", party.bankName)
                add(prefix, "bank_account", party.bankAccount)
            }

            add("currency", invoice.currency)
            add("total_amount", invoice.totalAmount)
            add("total_tax", invoice.totalTax)
            add("total_with_tax", invoice.totalWithTax)

            if splitting {
                part = 2
                parts[2].reserveCapacity(2048)
            } else {
                add("issued_at", invoice.issuedAt)
            }
            add("remarks", invoice.remarks)
            add("issuer", invoice.issuer)
            add("issued_by", invoice.issuedBy)
            add("lines", String(invoice.lines.count))

            for line in invoice.lines {
                let prefix = "line.\(line.lineNumber)."
                add(prefix, "item_name", line.itemName)
                add(prefix, "specification", line.specification)
                add(prefix, "unit", line.unit)
                add(prefix, "quantity", line.quantity)
                add(prefix, "unit_price", line.unitPrice)
                add(prefix, "tax_rate", line.taxRate)
                add(prefix, "amount", line.amount)
                add(prefix, "tax_amount", line.taxAmount)
            }
        }

        private mutating func add(_ prefix: String, _ name: String, _ value: String) {
            parts[part] += prefix
            add(name, value)
        }

        private mutating func add(_ name: String, _ value: String) {
            parts[part] += name
            parts[part] += "="
            // In values, `\` is written `\\` and a newline `\n`. Both are
            // ASCII, so a byte check finds them.
            if value.utf8.contains(where: { $0 == 0x5c || $0 == 0x0a }) {
                for scalar in value.unicodeScalars {
                    switch scalar {
                    case "\\": parts[part] += "\\\\"
                    case "\n": parts[part] += "\\n"
                    default: parts[part].unicodeScalars.append(scalar)
                    }
                }
            } else {
                parts[part] += value
            }
            parts[part] += "\n"
        }
    }
}
