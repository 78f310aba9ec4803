/// A validated IssueInvoice request with every amount computed, ready to be
/// numbered and stored.
struct InvoiceDraft: Sendable, Equatable {
    struct Line: Sendable, Equatable {
        let itemName: String
        let specification: String
        let unit: String
        let quantity: ExactDecimal
        let unitPrice: ExactDecimal
        let taxRate: ExactDecimal
        let amount: ExactDecimal
        let taxAmount: ExactDecimal

        func withAmounts(amount: ExactDecimal, tax: ExactDecimal) -> Line {
            Line(
                itemName: itemName, specification: specification, unit: unit, quantity: quantity,
                unitPrice: unitPrice, taxRate: taxRate, amount: amount, taxAmount: tax)
        }

        /// The same line with negative quantity, amount and tax, for a credit note.
        func negated() -> Line {
            Line(
                itemName: itemName, specification: specification, unit: unit,
                quantity: .zero - quantity, unitPrice: unitPrice, taxRate: taxRate,
                amount: .zero - amount, taxAmount: .zero - taxAmount)
        }

        func withTax(_ tax: ExactDecimal) -> Line {
            Line(
                itemName: itemName, specification: specification, unit: unit, quantity: quantity,
                unitPrice: unitPrice, taxRate: taxRate, amount: amount, taxAmount: tax)
        }
    }

    struct PartyFields: Sendable, Equatable {
        let name: String
        let taxID: String
        let address: String
        let phone: String
        let bankName: String
        let bankAccount: String
    }

    let series: String
    let seller: PartyFields
    let buyer: PartyFields
    let lines: [Line]
    let currency: String
    let totalAmount: ExactDecimal
    let totalTax: ExactDecimal
    let totalWithTax: ExactDecimal
    let remarks: String
    let issuer: String
    /// Checks that the tenant downgraded to warnings and that failed.
    var warnings: [String] = []
}
