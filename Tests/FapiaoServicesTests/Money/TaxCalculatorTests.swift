import Testing

@testable import FapiaoServices

@Suite("Tax rounding policies")
struct TaxCalculatorTests {
    func decimals(_ values: [String]) -> [ExactDecimal] {
        values.map { ExactDecimal(parsing: $0)! }
    }

    func taxes(_ amounts: [String], _ rates: [String], _ rounding: InvoicePolicy.TaxRounding, scale: Int = 2)
        -> [String]
    {
        TaxCalculator.lineTaxes(
            amounts: decimals(amounts), rates: decimals(rates), rounding: rounding, scale: scale
        ).map(\.description)
    }

    @Test("half a minor unit rounds away from zero")
    func halfUnit() {
        // 1091.50 x 0.15 = 163.725 exactly.
        #expect(taxes(["1091.50"], ["0.15"], .perLine) == ["163.73"])
        #expect(taxes(["1091.50"], ["0.15"], .perRate) == ["163.73"])
        #expect(taxes(["-1091.50"], ["0.15"], .perLine) == ["-163.73"])
        #expect(taxes(["-1091.50"], ["0.15"], .perRate) == ["-163.73"])
        // 0.50 x 0.13 = 0.065, 0.10 x 0.05 = 0.005.
        #expect(taxes(["0.50"], ["0.13"], .perLine) == ["0.07"])
        #expect(taxes(["0.10"], ["0.05"], .perLine) == ["0.01"])
        #expect(taxes(["0.10"], ["0.05"], .perLine, scale: 0) == ["0"])
    }

    @Test("per line and per rate differ by a cent")
    func policiesDiffer() {
        // Each line: 0.05 x 0.13 = 0.0065 -> 0.01, so per line the tax is 0.03.
        // Per rate: 0.15 x 0.13 = 0.0195 -> 0.02, allocated to the lines.
        let perLine = taxes(["0.05", "0.05", "0.05"], ["0.13", "0.13", "0.13"], .perLine)
        let perRate = taxes(["0.05", "0.05", "0.05"], ["0.13", "0.13", "0.13"], .perRate)
        #expect(perLine == ["0.01", "0.01", "0.01"])
        #expect(perRate.compactMap { ExactDecimal(parsing: $0) }.reduce(.zero, +) == ExactDecimal(parsing: "0.02")!)
        #expect(perRate == ["0.00", "0.01", "0.01"])
    }

    @Test("per rate rounds each rate separately")
    func ratesSeparate() {
        // 13 %: 10.01 + 10.01 = 20.02 -> 2.6026 -> 2.60; lines 1.3013 -> 1.30 each (sum 2.60).
        // 6 %: 0.25 + 0.25 = 0.50 -> 0.03; lines 0.015 -> 0.02 each (sum 0.04), one gives back 0.01.
        let result = taxes(["10.01", "0.25", "10.01", "0.25"], ["0.13", "0.06", "0.13", "0.06"], .perRate)
        #expect(result[0] == "1.30")
        #expect(result[2] == "1.30")
        #expect(Set([result[1], result[3]]) == ["0.01", "0.02"])
    }

    @Test("per rate allocation corrects lines")
    func allocationUp() {
        // Each 0.04 x 0.13 = 0.0052 -> 0.01, three lines 0.03; the rate total
        // 0.12 x 0.13 = 0.0156 -> 0.02, so one line gives back 0.01.
        let result = taxes(["0.04", "0.04", "0.04"], ["0.13", "0.13", "0.13"], .perRate)
        let sum = result.compactMap { ExactDecimal(parsing: $0) }.reduce(.zero, +)
        #expect(sum == ExactDecimal(parsing: "0.02")!)
        // Seven lines of 0.03 at 13 %: each 0.0039 -> 0.00; rate total 0.21 x 0.13 = 0.0273 -> 0.03.
        let seven = taxes(Array(repeating: "0.03", count: 7), Array(repeating: "0.13", count: 7), .perRate)
        #expect(seven.filter { $0 == "0.01" }.count == 3)
        #expect(seven.filter { $0 == "0.00" }.count == 4)
    }

    @Test("validator applies the tenant policy")
    func validatorPolicy() throws {
        var policy = InvoicePolicy()
        policy.taxRounding = .perRate
        var request = IssueInvoiceRequestBuilder.request(lines: [("0.05", "1", "0.13"), ("0.05", "1", "0.13"), ("0.05", "1", "0.13")])
        let perRate = try InvoiceValidator(policy: policy).validate(request)
        #expect(perRate.totalTax == ExactDecimal(parsing: "0.02")!)
        #expect(perRate.totalWithTax == perRate.totalAmount + perRate.totalTax)
        let perLine = try InvoiceValidator(policy: InvoicePolicy()).validate(request)
        #expect(perLine.totalTax == ExactDecimal(parsing: "0.03")!)

        request.totalTax = "0.02"
        #expect(throws: ValidationError.self) { try InvoiceValidator(policy: InvoicePolicy()).validate(request) }
        do {
            _ = try InvoiceValidator(policy: InvoicePolicy()).validate(request)
        } catch let error as ValidationError {
            #expect(error.violations.map(\.field) == ["totalTax"])
            #expect(error.violations.first?.reason.contains("0.02") == true)
            #expect(error.violations.first?.reason.contains("0.03") == true)
        }
    }

    @Test("wrong check character can warn")
    func taxIDWarning() throws {
        var request = IssueInvoiceRequestBuilder.request(lines: [("1", "1", "0.13")])
        request.seller?.taxID = "914403001922038217"
        #expect(throws: ValidationError.self) { try InvoiceValidator(policy: InvoicePolicy()).validate(request) }
        var policy = InvoicePolicy()
        policy.taxIDCheckWarns = true
        let draft = try InvoiceValidator(policy: policy).validate(request)
        #expect(draft.warnings.count == 1)
        #expect(draft.warnings.first?.contains("seller.taxId") == true)
        request.seller?.taxID = "91440300192203821I"
        #expect(throws: ValidationError.self) { try InvoiceValidator(policy: policy).validate(request) }
    }

    @Test("settings JSON gives the policy")
    func policyFromSettings() {
        let policy = InvoicePolicy(
            settingsJSON: #"{"tax_rounding":"per_rate","tax_rates":["0.13","0.09"],"tax_id_check":"warn","retention_years":12}"#)
        #expect(policy.taxRounding == .perRate)
        #expect(policy.taxRates == [ExactDecimal(parsing: "0.13")!, ExactDecimal(parsing: "0.09")!])
        #expect(policy.taxIDCheckWarns)
        #expect(policy.retentionYears == 12)
        let fallback = InvoicePolicy(settingsJSON: #"{"tax_rounding":"sideways","retention_years":3}"#)
        #expect(fallback.taxRounding == .perLine)
        #expect(fallback.retentionYears == 30)
    }
}
