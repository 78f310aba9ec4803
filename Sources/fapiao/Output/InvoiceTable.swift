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
        var rows: [[String]] = []
        for line in invoice.lines {
            let item = line.specification.isEmpty ? line.itemName : "\(line.itemName) (\(line.specification))"
            let quantity = line.unit.isEmpty ? line.quantity : "\(line.quantity) \(line.unit)"
            rows.append([
                String(line.lineNumber), item, quantity, line.unitPrice, line.amount,
                line.taxRate, line.taxAmount,
            ])
        }
        // Every column but the item name contains a number, so it is right-aligned.
        let table = TableFormatter.table(
            header: header, rows: rows, rightAligned: Set(header.indices).subtracting([1]))
        for row in table.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append("  " + row)
        }
        lines.append("")
        lines.append("  total \(invoice.totalAmount)  tax \(invoice.totalTax)  total with tax \(invoice.totalWithTax) \(invoice.currency)")
        if !invoice.remarks.isEmpty { lines.append("  remarks     \(invoice.remarks)") }
        return lines.joined(separator: "\n")
    }
}
