import FapiaoAPI
@testable import FapiaoServices
import Foundation
import Testing

/// Compares the canonical text with an encoding written here from its
/// definition in docs/invoices.md, with Foundation's string functions.
@Suite struct InvoiceContentHashTests {
    static func sample(credit: Bool, awkward: Bool) -> Invoice {
        var invoice = Invoice()
        invoice.id = "0b1c7a52-7f0e-4a43-9a4e-6d7f0f6c2a10"
        invoice.tenantID = "5a7d9e85-ecea-4ce8-b70e-8e19ce8fcc2e"
        invoice.kind = credit ? .creditNote : .invoice
        invoice.series = "DEFAULT"
        invoice.number = 42
        invoice.displayNumber = "DEFAULT-2026-00000042"

        if credit {
            invoice.originalInvoiceID = "e3d1b8a4-2a0c-4c1e-8f57-0a7c3c1f9b21"
            invoice.creditReason = .salesReturn
        }
        invoice.seller = Party(
            name: "深圳市示例科技有限公司", taxID: "914403001922038216",
            address: awkward ? #"南山区\科技园"# + "\n二期" : "深圳市南山区科技园",
            phone: "0755-86000000", bankName: "招商银行深圳分行", bankAccount: "755900000010101")
        invoice.buyer = Party(
            name: awkward ? "line\r\nbreak \\n literal" : "上海样例贸易有限公司",
            taxID: "91310115MA1K4CXM16", address: "", phone: "", bankName: "", bankAccount: "")

        invoice.currency = "CNY"
        invoice.totalAmount = "21395.00"
        invoice.totalTax = "2628.55"
        invoice.totalWithTax = "24023.55"
        invoice.issuedAt = "2026-12-04T08:15:30.123456Z"
        invoice.remarks = awkward ? "\\\\\n\n" : "合同号 HT-2024-0815"
        invoice.issuer = "王芳"
        invoice.issuedBy = "7f1d3c9e-8a2b-4c5d-9e0f-1a2b3c4d5e6f"

        invoice.lines = (1...3).map { number in
            InvoiceLine(
                lineNumber: UInt32(number), itemName: "品目 \(number)",
                specification: awkward && number == 2 ? "a\\b" : "", unit: "台",
                quantity: "1.5", unitPrice: "100.00", taxRate: "0.13", amount: "150.00",
                taxAmount: "19.50")
        }
        return invoice
    }

    /// Returns the encoding as docs/invoices.md defines it.
    static func documented(_ invoice: Invoice) -> String {
        func line(_ name: String, _ value: String) -> String {
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\n", with: "\\n")
            return name + "=" + escaped + "\n"
        }
        var text = line("format", "fapiao-invoice-v1")
        text += line("id", invoice.id) + line("tenant_id", invoice.tenantID)
        text += line("kind", invoice.kind == .creditNote ? "credit_note" : "invoice")
        text += line("series", invoice.series) + line("number", String(invoice.number))
        text += line("display_number", invoice.displayNumber)
        text += line("original_invoice_id", invoice.originalInvoiceID)
        text += line("credit_reason", invoice.creditReason == .salesReturn ? "sales_return" : "")
        for (prefix, party) in [("seller", invoice.seller!), ("buyer", invoice.buyer!)] {
            text += line(prefix + ".name", party.name) + line(prefix + ".tax_id", party.taxID)
            text += line(prefix + ".address", party.address) + line(prefix + ".phone", party.phone)
            text += line(prefix + ".bank_name", party.bankName)
            text += line(prefix + ".bank_account", party.bankAccount)
        }
        text += line("currency", invoice.currency) + line("total_amount", invoice.totalAmount)
        text += line("total_tax", invoice.totalTax) + line("total_with_tax", invoice.totalWithTax)
        text += line("issued_at", invoice.issuedAt) + line("remarks", invoice.remarks)
        text += line("issuer", invoice.issuer) + line("issued_by", invoice.issuedBy)
        text += line("lines", String(invoice.lines.count))
        for item in invoice.lines {
            let prefix = "line.\(item.lineNumber)."
            text += line(prefix + "item_name", item.itemName)
            text += line(prefix + "specification", item.specification)
            text += line(prefix + "unit", item.unit) + line(prefix + "quantity", item.quantity)
            text += line(prefix + "unit_price", item.unitPrice)
            text += line(prefix + "tax_rate", item.taxRate)
            text += line(prefix + "amount", item.amount)
            text += line(prefix + "tax_amount", item.taxAmount)
        }
        return text
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func textMatchesDefinition(credit: Bool, awkward: Bool) {
        let invoice = Self.sample(credit: credit, awkward: awkward)
        #expect(InvoiceContentHash.canonicalText(invoice) == Self.documented(invoice))
    }

    @Test(arguments: [false, true])
    func segmentsSurroundFilledFields(awkward: Bool) {
        let invoice = Self.sample(credit: false, awkward: awkward)
        let segments = InvoiceContentHash.segments(invoice)
        let filled =
            segments.head + "number=42\ndisplay_number=DEFAULT-2026-00000042\n" + segments.middle
            + "issued_at=2026-12-04T08:15:30.123456Z\n" + segments.tail
        #expect(filled == Self.documented(invoice))
        #expect(segments.head.hasSuffix("series=DEFAULT\n"))
        #expect(segments.middle.hasPrefix("original_invoice_id="))
        #expect(segments.tail.hasPrefix("remarks="))
    }

    @Test func hashIsSHA256OfText() {
        let invoice = Self.sample(credit: true, awkward: true)
        let expected = APIKey.hex(Digest.sha256(Array(Self.documented(invoice).utf8)))
        #expect(InvoiceContentHash.hash(invoice) == expected)
        #expect(InvoiceContentHash.hash(invoice).count == 64)
    }
}
