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
}
