import FapiaoAPI
import Testing

@testable import fapiao

@Suite("Ledger comparison")
struct LedgerComparisonTests {
    let header = "status,kind,currency,tax_rate,invoices,lines,amount,tax\n"

    func serverRow(amount: String = "18080.00", tax: String = "2350.40") -> TotalsRow {
        TotalsRow(
            status: .issued, kind: .invoice, taxRate: "0.13", invoices: 1, lines: 2, amount: amount, tax: tax,
            currency: "CNY")
    }

    @Test("equal decimals in other notation match")
    func equalDecimals() throws {
        let comparison = try LedgerComparison(
            ledgerCSV: header + "issued,invoice,cny,0.130,1,2,18080,2350.4\n", serverRows: [serverRow()])
        #expect(comparison.differences().isEmpty)
    }

    @Test("a changed amount is named")
    func changedAmount() throws {
        let comparison = try LedgerComparison(
            ledgerCSV: header + "issued,invoice,CNY,0.13,1,2,18080.01,2350.40\n", serverRows: [serverRow()])
        let differences = comparison.differences()
        #expect(differences.count == 1)
        let text = differences.first?.description ?? ""
        #expect(text.contains("amount"))
        #expect(text.contains("18080.01"))
        #expect(text.contains("18080.00"))
        #expect(text.contains("tax_rate=0.13"))
    }

    @Test("rows missing on either side")
    func missingRows() throws {
        let comparison = try LedgerComparison(
            ledgerCSV: header + "delivered,invoice,CNY,0.06,1,1,800.00,48.00\n", serverRows: [serverRow()])
        let descriptions = comparison.differences().map(\.description)
        #expect(descriptions.count == 2)
        #expect(descriptions.contains { $0.contains("in the ledger but not on the server") })
        #expect(descriptions.contains { $0.contains("on the server but not in the ledger") })
    }

    @Test("malformed ledgers are rejected")
    func malformed() {
        for csv in [
            "status,kind\nissued,invoice\n",
            header + "issued,invoice,CNY,0.13,one,2,1.00,0.13\n",
            header + "issued,invoice,CNY,0.13,1,2,1e3,0.13\n",
            header + "sideways,invoice,CNY,0.13,1,2,1.00,0.13\n",
            header + "issued,invoice,CNY,0.13,1,2,1.00,0.13\nissued,invoice,CNY,0.13,1,2,1.00,0.13\n",
        ] {
            #expect(throws: LedgerComparison.FormatError.self, "\(csv)") {
                _ = try LedgerComparison(ledgerCSV: csv, serverRows: [])
            }
        }
    }

    @Test("decimal text normalisation")
    func decimalText() {
        #expect(DecimalText.normalized("10.50") == DecimalText.normalized("10.5"))
        #expect(DecimalText.normalized("010.500") == "10.5")
        #expect(DecimalText.normalized("-0.00") == "0")
        #expect(DecimalText.normalized("1e3") == nil)
        #expect(DecimalText.normalized("12.3.4") == nil)
    }
}
