import FapiaoAPI
@testable import FapiaoServices
import Foundation
import Testing

/// Returns a request that passes validation: a CNY invoice from a seller
/// with a valid unified social credit code, with the given lines.
private func validRequest(lines: [InvoiceLineInput], currency: String = "CNY") -> IssueInvoiceRequest {
    var request = IssueInvoiceRequest()
    request.seller = Party(name: "深圳市示例科技有限公司", taxID: "914403001922038216")
    request.buyer = Party(name: "上海样例贸易有限公司", taxID: "91310115MA1K4CXM16")
    request.currency = currency
    request.lines = lines
    return request
}

private func line(_ quantity: String, _ unitPrice: String, _ taxRate: String, itemName: String = "服务") -> InvoiceLineInput {
    InvoiceLineInput(itemName: itemName, quantity: quantity, unitPrice: unitPrice, taxRate: taxRate)
}

/// Parses a decimal that the test itself writes, so it always parses.
private func decimal(_ text: String) -> ExactDecimal {
    ExactDecimal(parsing: text)!
}

/// Returns the fields that validation rejects, in the order reported, or
/// an empty list when the request is valid.
private func rejectedFields(
    _ request: IssueInvoiceRequest, validator: InvoiceValidator = InvoiceValidator()
) -> [String] {
    do {
        _ = try validator.validate(request)
        return []
    } catch let error as ValidationError {
        return error.violations.map(\.field)
    } catch {
        Issue.record("expected ValidationError, got \(error)")
        return []
    }
}

@Suite struct InvoiceValidatorTests {
    @Test func oneLineAtFifteenPercent() throws {
        let validator = InvoiceValidator(allowedTaxRates: InvoiceValidator.defaultTaxRates + [decimal("0.15")])

        let draft = try validator.validate(validRequest(lines: [line("1", "1091.50", "0.15")]))

        // 1091.50 x 0.15 = 163.7250, rounded half away from zero to 163.73.
        try #require(draft.lines.count == 1)
        #expect(draft.lines[0].amount.description == "1091.50")
        #expect(draft.lines[0].taxAmount.description == "163.73")
        #expect(draft.totalAmount.description == "1091.50")
        #expect(draft.totalTax.description == "163.73")
        #expect(draft.totalWithTax.description == "1255.23")
    }

    @Test func fifteenPercentNotAllowedByDefault() {
        let request = validRequest(lines: [line("1", "1091.50", "0.15")])

        #expect(rejectedFields(request) == ["lines[0].taxRate"])
    }

    @Test func defaultRates() {
        let expected = ["0", "0.01", "0.03", "0.05", "0.06", "0.09", "0.13"].map(decimal)

        #expect(InvoiceValidator.defaultTaxRates == expected)
    }

    @Test func exampleInvoiceAmounts() throws {
        let request = validRequest(lines: [
            line("3", "5299.00", "0.13"),
            line("2", "1091.50", "0.13"),
            line("1", "800.00", "0.06"),
            line("1.5", "1333.33", "0.06"),
        ])

        let draft = try InvoiceValidator().validate(request)

        // 3 x 5299.00 = 15897.00, tax 2066.61. 2 x 1091.50 = 2183.00, tax
        // 283.79. 800.00, tax 48.00. 1.5 x 1333.33 = 1999.995, rounded to
        // 2000.00, tax 120.00.
        #expect(draft.lines.map(\.amount.description) == ["15897.00", "2183.00", "800.00", "2000.00"])
        #expect(draft.lines.map(\.taxAmount.description) == ["2066.61", "283.79", "48.00", "120.00"])
        #expect(draft.totalAmount.description == "20880.00")
        #expect(draft.totalTax.description == "2518.40")
        #expect(draft.totalWithTax.description == "23398.40")
    }

    @Test func totalsSumRoundedLines() throws {
        let request = validRequest(lines: [
            line("1", "0.05", "0.13"), line("1", "0.05", "0.13"), line("1", "0.05", "0.13"),
        ])

        let draft = try InvoiceValidator().validate(request)

        // Each line's tax 0.0065 rounds to 0.01, so the total tax is 0.03.
        // Rounding the tax of the total (0.15 x 0.13 = 0.0195) would give 0.02.
        #expect(draft.lines.map(\.taxAmount.description) == ["0.01", "0.01", "0.01"])
        #expect(draft.totalTax.description == "0.03")
        #expect(draft.totalAmount.description == "0.15")
        #expect(draft.totalWithTax == draft.totalAmount + draft.totalTax)
        #expect(draft.totalWithTax.description == "0.18")
    }

    @Test func japaneseYenHasNoMinorUnit() throws {
        let request = validRequest(lines: [line("3", "333.5", "0.13"), line("1", "99.4", "0.09")], currency: "JPY")

        let draft = try InvoiceValidator().validate(request)

        // 3 x 333.5 = 1000.5 rounds to 1001, tax 130.13 rounds to 130.
        // 99.4 rounds to 99, tax 8.91 rounds to 9.
        #expect(draft.lines.map(\.amount.description) == ["1001", "99"])
        #expect(draft.lines.map(\.taxAmount.description) == ["130", "9"])
        #expect(draft.totalAmount.description == "1100")
        #expect(draft.totalTax.description == "139")
        #expect(draft.totalWithTax.description == "1239")
    }

    @Test func draftKeepsInputs() throws {
        var request = validRequest(lines: [line("2", "10.5", "0.130")])
        request.remarks = "备注"

        let draft = try InvoiceValidator().validate(request)

        #expect(draft.series == "DEFAULT")
        #expect(draft.currency == "CNY")
        #expect(draft.seller.taxID == "914403001922038216")
        #expect(draft.remarks == "备注")
        #expect(draft.lines[0].quantity == decimal("2"))
        #expect(draft.lines[0].taxRate.description == "0.13")
        #expect(draft.lines[0].amount.description == "21.00")
    }

    @Test func missingCurrency() {
        #expect(rejectedFields(validRequest(lines: [line("1", "1", "0.13")], currency: "")) == ["currency"])
    }

    @Test func unknownCurrency() {
        #expect(rejectedFields(validRequest(lines: [line("1", "1", "0.13")], currency: "ABC")) == ["currency"])
    }

    @Test func invalidSellerTaxID() {
        var request = validRequest(lines: [line("1", "1", "0.13")])
        request.seller?.taxID = "914403001922038217"

        #expect(rejectedFields(request) == ["seller.taxId"])
    }

    @Test func missingSellerTaxID() {
        var request = validRequest(lines: [line("1", "1", "0.13")])
        request.seller?.taxID = ""

        #expect(rejectedFields(request) == ["seller.taxId"])
    }

    @Test func buyerTaxIDOptional() {
        var request = validRequest(lines: [line("1", "1", "0.13")])
        request.buyer?.taxID = ""

        #expect(rejectedFields(request) == [])
    }

    @Test func invalidUnitPriceOnThirdLine() {
        let request = validRequest(lines: [line("1", "1", "0.13"), line("1", "2", "0.13"), line("1", "1,5", "0.13")])

        #expect(rejectedFields(request) == ["lines[2].unitPrice"])
    }

    @Test func negativeUnitPrice() {
        let request = validRequest(lines: [line("1", "1", "0.13"), line("1", "2", "0.13"), line("1", "-1", "0.13")])

        #expect(rejectedFields(request) == ["lines[2].unitPrice"])
    }

    @Test func zeroUnitPriceAllowed() throws {
        let draft = try InvoiceValidator().validate(validRequest(lines: [line("1", "0", "0.13")]))

        #expect(draft.totalWithTax.description == "0.00")
    }

    @Test(arguments: ["0", "0.000", "-1", "-0.5"])
    func nonPositiveQuantity(quantity: String) {
        let request = validRequest(lines: [line(quantity, "10", "0.13")])

        #expect(rejectedFields(request) == ["lines[0].quantity"])
    }

    @Test func missingQuantity() {
        #expect(rejectedFields(validRequest(lines: [line("", "10", "0.13")])) == ["lines[0].quantity"])
    }

    @Test func missingSeller() {
        var request = validRequest(lines: [line("1", "1", "0.13")])
        request.seller = nil

        #expect(rejectedFields(request) == ["seller"])
    }

    @Test func missingBuyer() {
        var request = validRequest(lines: [line("1", "1", "0.13")])
        request.buyer = nil

        #expect(rejectedFields(request) == ["buyer"])
    }

    @Test func noLines() {
        #expect(rejectedFields(validRequest(lines: [])) == ["lines"])
    }

    @Test func thousandLinesAllowed() throws {
        let request = validRequest(lines: Array(repeating: line("1", "1.00", "0.13"), count: 1000))

        let draft = try InvoiceValidator().validate(request)

        #expect(draft.lines.count == 1000)
        #expect(draft.totalAmount.description == "1000.00")
        #expect(draft.totalTax.description == "130.00")
    }

    @Test func tooManyLines() {
        let request = validRequest(lines: Array(repeating: line("1", "1.00", "0.13"), count: 1001))

        #expect(rejectedFields(request) == ["lines"])
    }

    @Test func itemNameTooLong() {
        let request = validRequest(lines: [line("1", "1", "0.13", itemName: String(repeating: "a", count: 201))])

        #expect(rejectedFields(request) == ["lines[0].itemName"])
    }

    @Test func itemNameLimitCountsCharacters() {
        // 200 Chinese characters are 600 UTF-8 bytes, and the limit counts characters.
        let request = validRequest(lines: [line("1", "1", "0.13", itemName: String(repeating: "票", count: 200))])

        #expect(rejectedFields(request) == [])
    }

    @Test func missingItemName() {
        #expect(rejectedFields(validRequest(lines: [line("1", "1", "0.13", itemName: "  ")])) == ["lines[0].itemName"])
    }

    @Test func everyViolationReported() throws {
        var request = validRequest(
            lines: [line("0", "10", "0.13"), line("1", "abc", "0.2")], currency: "")
        request.seller = nil

        let fields = rejectedFields(request)

        #expect(fields.count == 5)
        #expect(fields.contains("currency"))
        #expect(fields.contains("seller"))
        #expect(fields.contains("lines[0].quantity"))
        #expect(fields.contains("lines[1].unitPrice"))
        #expect(fields.contains("lines[1].taxRate"))
    }

    @Test func violationReasonsNameValues() throws {
        let request = validRequest(lines: [line("1", "1", "0.15")])

        let error = try #require(throws: ValidationError.self) { try InvoiceValidator().validate(request) }

        let reason = try #require(error.violations.first?.reason)
        #expect(reason.contains("0.15"))
        #expect(reason.contains("0.13"))
        #expect(error.description.hasPrefix("lines[0].taxRate: "))
    }

    /// The largest quantity and unit price that parse have significands of
    /// about 10^21 each, so their product (about 10^42) exceeds Int128's
    /// maximum of about 1.7 x 10^38. Validation should reject such a line
    /// rather than trap the process.
    @Test func hugeLineDoesNotTrap() async {
        await #expect(processExitsWith: .success) {
            let huge = "999999999999999.999999"
            var request = IssueInvoiceRequest()
            request.seller = Party(name: "卖方", taxID: "914403001922038216")
            request.buyer = Party(name: "买方")
            request.currency = "CNY"
            request.lines = [InvoiceLineInput(itemName: "a", quantity: huge, unitPrice: huge, taxRate: "0.13")]
            do {
                _ = try InvoiceValidator().validate(request)
            } catch is ValidationError {
                return
            } catch {
                exit(3)
            }
        }
    }

    /// A tax rate that is not allowed is still multiplied into the line's
    /// tax. With an amount of about 10^32 in significand terms and a rate
    /// of about 10^15, the product exceeds Int128 before the violation is
    /// reported.
    @Test func hugeRejectedRateDoesNotTrap() async {
        await #expect(processExitsWith: .success) {
            let huge = "999999999999999"
            var request = IssueInvoiceRequest()
            request.seller = Party(name: "卖方", taxID: "914403001922038216")
            request.buyer = Party(name: "买方")
            request.currency = "CNY"
            request.lines = [InvoiceLineInput(itemName: "a", quantity: huge, unitPrice: huge, taxRate: huge)]
            do {
                _ = try InvoiceValidator().validate(request)
                exit(4)
            } catch let error as ValidationError {
                if error.violations.map(\.field) != ["lines[0].taxRate"] {
                    exit(5)
                }
            } catch {
                exit(3)
            }
        }
    }
}
