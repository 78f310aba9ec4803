import FapiaoAPI

/// Invoice life-cycle, search and series messages with Chinese text and
/// several repeated entries. `creditNote` sets every field of Invoice to a
/// value other than its default.
enum InvoiceFixtures {
    static let seller = Party(
        name: "深圳市示例科技有限公司", taxID: "914403001922038216", address: "深圳市南山区科技园",
        phone: "0755-86000000", bankName: "招商银行深圳分行", bankAccount: "755900000010101")
    static let buyer = Party(
        name: "上海样例贸易有限公司", taxID: "91310115MA1K4CXM16", address: "上海市浦东新区",
        phone: "021-50000000", bankName: "中国工商银行上海分行", bankAccount: "1001200000000000001")

    static let lineInputs = [
        InvoiceLineInput(
            itemName: "*计算机设备*笔记本电脑", specification: "14 英寸", unit: "台", quantity: "3",
            unitPrice: "5299.00", taxRate: "0.13"),
        InvoiceLineInput(
            itemName: "*信息技术服务*安装调试服务", specification: "上门", unit: "次", quantity: "1",
            unitPrice: "800.00", taxRate: "0.06"),
        InvoiceLineInput(
            itemName: "*电线电缆*网线", specification: "2 米", unit: "根", quantity: "0.5",
            unitPrice: "10.000001", taxRate: "0"),
    ]

    /// A credit note that partly reverses an invoice, with a warning.
    static let creditNote: Invoice = {
        var invoice = Invoice()
        invoice.id = "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c60"
        invoice.tenantID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
        invoice.series = "RED"
        invoice.number = 18_446_744_073_709_551_615
        invoice.displayNumber = "RED-2026-18446744073709551615"
        invoice.status = .archived
        invoice.seller = seller
        invoice.buyer = buyer
        invoice.lines = [
            InvoiceLine(
                lineNumber: 1, itemName: "*计算机设备*笔记本电脑", specification: "14 英寸", unit: "台",
                quantity: "-1", unitPrice: "5299.00", taxRate: "0.13", amount: "-5299.00",
                taxAmount: "-688.87"),
            InvoiceLine(
                lineNumber: 2, itemName: "*信息技术服务*安装调试服务", unit: "次", quantity: "-1",
                unitPrice: "800.00", taxRate: "0.06", amount: "-800.00", taxAmount: "-48.00"),
        ]
        invoice.currency = "CNY"
        invoice.totalAmount = "-6099.00"
        invoice.totalTax = "-736.87"
        invoice.totalWithTax = "-6835.87"
        invoice.issuedAt = "2026-09-01T02:00:00.000001Z"
        invoice.remarks = "退货,原发票 DEFAULT-2026-00000042"
        invoice.issuer = "王芳"
        invoice.issuedBy = "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5d"
        invoice.kind = .creditNote
        invoice.originalInvoiceID = "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f"
        invoice.creditReason = .salesReturn
        invoice.contentHash = String(repeating: "0f", count: 32)
        invoice.deliveryChannel = "email"
        invoice.deliveryRecipient = "财务部 <finance@example.cn>"
        invoice.deliveredAt = "2026-09-01T02:05:00.000000Z"
        invoice.acknowledgedAt = "2026-09-02T08:00:00.000000Z"
        invoice.archivedAt = "2026-12-31T15:59:59.999999Z"
        invoice.creditedTotal = "0.00"
        invoice.warnings = ["购买方税号校验位错误", "seller tax id check character is wrong", "第三条"]
        return invoice
    }()

    /// A blue invoice that `creditNote` partly reverses.
    static let invoice: Invoice = {
        var invoice = creditNote
        invoice.id = "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f"
        invoice.series = "DEFAULT"
        invoice.number = 42
        invoice.displayNumber = "DEFAULT-2026-00000042"
        invoice.status = .partiallyReversed
        invoice.kind = .invoice
        invoice.originalInvoiceID = ""
        invoice.creditReason = .unspecified
        invoice.creditedTotal = "6835.87"
        invoice.warnings = ["购买方税号校验位错误"]
        return invoice
    }()

    static let filter = InvoiceFilter(
        issuedFrom: "2026-11-01T00:00:00+08:00", issuedTo: "2026-12-01T00:00:00+08:00",
        buyerName: "样例贸易", buyerTaxID: "91310115MA1K4CXM16", minTotal: "0.01",
        maxTotal: "99999999.99", status: .delivered, kind: .creditNote, series: "DEFAULT")

    static let mismatches = [
        InvoiceMismatch(
            invoiceID: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f", displayNumber: "DEFAULT-2026-00000042",
            storedHash: String(repeating: "ab", count: 32), computedHash: String(repeating: "cd", count: 32)),
        InvoiceMismatch(
            invoiceID: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c60", displayNumber: "红字-2026-00000001",
            storedHash: String(repeating: "01", count: 32), computedHash: String(repeating: "02", count: 32)),
    ]

    static let totalsRows = [
        TotalsRow(
            status: .issued, kind: .invoice, taxRate: "0.13", invoices: 12, lines: 30,
            amount: "158970.00", tax: "20666.10"),
        TotalsRow(
            status: .partiallyReversed, kind: .invoice, taxRate: "0.06", invoices: 3, lines: 3,
            amount: "2400.00", tax: "144.00"),
        TotalsRow(
            status: .archived, kind: .creditNote, taxRate: "0.13", invoices: 1, lines: 1,
            amount: "-5299.00", tax: "-688.87"),
    ]

    static let series = [
        Series(
            code: "DEFAULT", prefix: "DEFAULT-", includeYear: true, numberWidth: 8, nextNumber: 43,
            createdAt: "2026-01-02T03:04:05.000006Z"),
        Series(
            code: "B2B_SH-01", prefix: "沪", includeYear: false, numberWidth: 18,
            nextNumber: 999_999_999_999_999_999, createdAt: "2026-02-03T04:05:06.000007Z"),
        Series(code: "RED", prefix: "红字-", includeYear: true, numberWidth: 1, nextNumber: 1),
    ]
}
