@testable import FapiaoServices
import Testing

/// Parses `text`, recording a test failure when it does not parse.
private func decimal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ExactDecimal {
    try #require(ExactDecimal(parsing: text), "'\(text)' should parse", sourceLocation: sourceLocation)
}

@Suite struct ExactDecimalTests {
    @Test func parseValidForms() throws {
        let zero = try decimal("0")
        let price = try decimal("1190.00")
        let negative = try decimal("-5")
        let rate = try decimal("0.13")

        #expect(zero.significand == 0)
        #expect(zero.scale == 0)
        #expect(price.significand == 119_000)
        #expect(price.scale == 2)
        #expect(negative.significand == -5)
        #expect(negative.scale == 0)
        #expect(rate.significand == 13)
        #expect(rate.scale == 2)
    }

    @Test(arguments: ["", "1.", ".5", "+1", "1e3", " 1", "1 ", "1,000", "--1", "1.2.3", "-", "-.5", "abc", "１"])
    func parseRejects(text: String) {
        #expect(ExactDecimal(parsing: text) == nil)
    }

    @Test func integerDigitLimit() {
        #expect(ExactDecimal(parsing: "123456789012345") != nil)
        #expect(ExactDecimal(parsing: "1234567890123456") == nil)
        #expect(ExactDecimal(parsing: "-1234567890123456") == nil)
        #expect(ExactDecimal(parsing: "1234567890123456.5") == nil)
    }

    @Test func fractionDigitLimit() {
        #expect(ExactDecimal(parsing: "0.123456789012") != nil)
        #expect(ExactDecimal(parsing: "0.1234567890123") == nil)
        #expect(ExactDecimal(parsing: "1.23", maximumScale: 2) != nil)
        #expect(ExactDecimal(parsing: "1.234", maximumScale: 2) == nil)
        #expect(ExactDecimal(parsing: "1.5", maximumScale: 0) == nil)
        #expect(ExactDecimal(parsing: "7", maximumScale: 0) != nil)
    }

    @Test func descriptionKeepsScale() throws {
        #expect(try decimal("1190.00").description == "1190.00")
        #expect(try decimal("0.05").description == "0.05")
        #expect(try decimal("-0.005").description == "-0.005")
        #expect(try decimal("-5").description == "-5")
        #expect(ExactDecimal(significand: 7, scale: 3).description == "0.007")
        #expect(ExactDecimal(significand: 0, scale: 2).description == "0.00")
    }

    @Test(arguments: [
        ("163.725", "163.73"), ("-163.725", "-163.73"), ("2.345", "2.35"), ("2.344", "2.34"),
        ("0.005", "0.01"), ("-0.005", "-0.01"), ("1999.995", "2000.00"), ("0.0049999", "0.00"),
        ("-2.344", "-2.34"), ("5", "5.00"), ("1.5", "1.50"),
    ])
    func roundHalfAwayFromZero(input: String, expected: String) throws {
        #expect(try decimal(input).rounded(toScale: 2).description == expected)
    }

    @Test func roundToInteger() throws {
        #expect(try decimal("1000.5").rounded(toScale: 0).description == "1001")
        #expect(try decimal("-1000.5").rounded(toScale: 0).description == "-1001")
        #expect(try decimal("1000.49").rounded(toScale: 0).description == "1000")
    }

    @Test func multiplicationExact() throws {
        let product = try decimal("1091.50") * decimal("0.15")

        #expect(product.description == "163.7250")
        #expect(product.scale == 4)
        #expect(product.rounded(toScale: 2).description == "163.73")
    }

    @Test func multiplicationSigns() throws {
        #expect((try decimal("-1.5") * decimal("2")).description == "-3.0")
        #expect((try decimal("-1.5") * decimal("-0.2")).description == "0.30")
    }

    @Test func additionAcrossScales() throws {
        let sum = try decimal("1.5") + decimal("0.25") + decimal("10")

        #expect(sum.description == "11.75")
        #expect(sum.scale == 2)
        #expect((try decimal("1.00") - decimal("0.001")).description == "0.999")
        #expect((try decimal("0.10") - decimal("0.25")).description == "-0.15")
    }

    @Test func equalityAcrossScales() throws {
        #expect(try decimal("1.50") == decimal("1.5"))
        #expect(try decimal("0") == decimal("0.000"))
        #expect(try decimal("1.50") != decimal("1.05"))
        #expect(try decimal("1.50").hashValue == decimal("1.5").hashValue)
        #expect(Set([try decimal("1.50"), try decimal("1.5"), try decimal("1.500")]).count == 1)
    }

    @Test func ordering() throws {
        #expect(try decimal("1.5") < decimal("1.51"))
        #expect(try decimal("-2") < decimal("-1.99"))
        #expect(!(try decimal("2.0") < decimal("2")))
    }

    @Test func normalizedDropsTrailingZeros() throws {
        #expect(try decimal("2.500").normalized.description == "2.5")
        #expect(try decimal("2.500").normalized.scale == 1)
        #expect(try decimal("100").normalized.description == "100")
        #expect(try decimal("0.00").normalized.description == "0")
        #expect(try decimal("0.13").normalized.description == "0.13")
    }

    @Test func signAndZero() throws {
        #expect(try decimal("-0.01").isNegative)
        #expect(!(try decimal("0.01").isNegative))
        #expect(try decimal("0.000").isZero)
        #expect(!(try decimal("0.001").isZero))
    }
}
