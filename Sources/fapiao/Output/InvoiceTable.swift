import FapiaoAPI

/// Renders invoices as readable text tables.
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
        lines += historyLines(invoice)
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
        for warning in invoice.warnings { lines.append("  warning     \(warning)") }
        return lines.joined(separator: "\n")
    }

    /// Returns the lines on reversal, delivery, acknowledgement and archiving
    /// that apply to `invoice`.
    static func historyLines(_ invoice: Invoice) -> [String] {
        var lines: [String] = []
        if invoice.kind == .creditNote {
            let reason = DisplayText.enumValue(invoice.creditReason.protoName, prefix: "CREDIT_REASON_")
            lines.append("  credit note of \(invoice.originalInvoiceID)  reason \(reason)")
        }
        if !invoice.creditedTotal.isEmpty && DecimalText.normalized(invoice.creditedTotal) != "0" {
            lines.append("  credited    \(invoice.creditedTotal) \(invoice.currency)")
        }
        if !invoice.deliveredAt.isEmpty {
            lines.append(
                "  delivered   \(invoice.deliveredAt)  by \(invoice.deliveryChannel) to \(invoice.deliveryRecipient)")
        }
        if !invoice.acknowledgedAt.isEmpty { lines.append("  acknowledged \(invoice.acknowledgedAt)") }
        if !invoice.archivedAt.isEmpty { lines.append("  archived    \(invoice.archivedAt)") }
        return lines
    }

    /// Renders one row per invoice, without the lines, for lists.
    static func summaries(_ invoices: [Invoice]) -> String {
        let header = ["ID", "NUMBER", "DISPLAY NUMBER", "STATUS", "KIND", "BUYER", "TOTAL WITH TAX", "ISSUED AT"]
        let rows = invoices.map { invoice in
            [
                invoice.id,
                String(invoice.number),
                invoice.displayNumber,
                DisplayText.enumValue(invoice.status.protoName, prefix: "INVOICE_STATUS_"),
                DisplayText.enumValue(invoice.kind.protoName, prefix: "INVOICE_KIND_"),
                DisplayText.orDash(invoice.buyer?.name ?? ""),
                invoice.totalWithTax,
                invoice.issuedAt,
            ]
        }
        return TableFormatter.table(header: header, rows: rows, rightAligned: [1, 6])
    }
}
