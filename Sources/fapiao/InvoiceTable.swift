import FapiaoAPI

/// Renders an invoice as a readable text table.
enum InvoiceTable {
    static func render(_ invoice: Invoice) -> String {
        var lines: [String] = []
        let status = invoice.status.protoName.replacingOccurrences(of: "INVOICE_STATUS_", with: "")
        lines.append("Invoice \(invoice.displayNumber)  (\(status))")
        lines.append("  id          \(invoice.id)")
        lines.append("  series      \(invoice.series)  number \(invoice.number)")
        lines.append("  issued at   \(invoice.issuedAt)  by \(invoice.issuer.isEmpty ? "-" : invoice.issuer)")
        if let seller = invoice.seller {
            lines.append("  seller      \(seller.name)  \(seller.taxID)")
        }
        if let buyer = invoice.buyer {
            lines.append("  buyer       \(buyer.name)  \(buyer.taxID)")
        }
        lines.append("")
        let header = ["#", "item", "quantity", "unit price", "amount", "rate", "tax"]
        var rows: [[String]] = [header]
        for line in invoice.lines {
            let item = line.specification.isEmpty ? line.itemName : "\(line.itemName) (\(line.specification))"
            let quantity = line.unit.isEmpty ? line.quantity : "\(line.quantity) \(line.unit)"
            rows.append([
                String(line.lineNumber), item, quantity, line.unitPrice, line.amount,
                line.taxRate, line.taxAmount,
            ])
        }
        let widths = header.indices.map { column in
            rows.map { displayWidth($0[column]) }.max() ?? 0
        }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - displayWidth(cell))
                return column == 1 ? cell + padding : padding + cell
            }
            lines.append("  " + cells.joined(separator: "  "))
        }
        lines.append("")
        lines.append("  total \(invoice.totalAmount)  tax \(invoice.totalTax)  total with tax \(invoice.totalWithTax) \(invoice.currency)")
        if !invoice.remarks.isEmpty { lines.append("  remarks     \(invoice.remarks)") }
        return lines.joined(separator: "\n")
    }

    /// Columns a terminal uses for `text`: two for East Asian wide
    /// characters (CJK ideographs, kana, Hangul, full-width forms), one otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
                0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                width + 2
            default:
                width + 1
            }
        }
    }
}
