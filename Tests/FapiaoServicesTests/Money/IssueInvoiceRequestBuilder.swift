import FapiaoAPI

/// Builds small valid IssueInvoice requests for tests.
enum IssueInvoiceRequestBuilder {
    /// Lines as (unit price, quantity, tax rate).
    static func request(lines: [(String, String, String)]) -> IssueInvoiceRequest {
        var request = IssueInvoiceRequest()
        request.currency = "CNY"
        request.seller = Party(name: "卖方", taxID: "914403001922038216")
        request.buyer = Party(name: "买方")
        request.lines = lines.map {
            InvoiceLineInput(itemName: "货物", quantity: $0.1, unitPrice: $0.0, taxRate: $0.2)
        }
        return request
    }
}
