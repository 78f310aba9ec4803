import FapiaoAPI

/// Checks an IssueInvoice request and computes its amounts.
///
/// Each line's amount is quantity x unit price, rounded half away from zero
/// to the currency's minor unit. Line taxes follow the tenant's rounding
/// policy (see `TaxCalculator`), and the totals are the sums of the lines,
/// so that they always add up.
struct InvoiceValidator: Sendable {
    static let maximumLines = 1000
    static let defaultSeries = "DEFAULT"
    static let defaultTaxRates = InvoicePolicy.defaultTaxRates

    let allowedTaxRates: [ExactDecimal]
    let policy: InvoicePolicy

    init(allowedTaxRates: [ExactDecimal] = InvoiceValidator.defaultTaxRates) {
        var policy = InvoicePolicy()
        policy.taxRates = allowedTaxRates
        self.init(policy: policy)
    }

    init(policy: InvoicePolicy) {
        self.policy = policy
        self.allowedTaxRates = policy.taxRates
    }

    /// - Throws: `ValidationError` listing every invalid field.
    func validate(_ request: IssueInvoiceRequest) throws -> InvoiceDraft {
        var violations: [ValidationError.Violation] = []
        func reject(_ field: String, _ reason: String) {
            violations.append(ValidationError.Violation(field: field, reason: reason))
        }
        func text(_ value: String, _ field: String, maximum: Int, required: Bool = false) -> String
        {
            let trimmed = value.trimmingWhitespace()
            if required && trimmed.isEmpty { reject(field, "is required") }
            // Unicode scalars, not grapheme clusters: a cluster can hold any
            // number of combining marks.
            let length = value.unicodeScalars.count
            if length > maximum {
                reject(field, "is \(length) characters long, the maximum is \(maximum)")
            }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                reject(field, "contains a control character")
            }
            return trimmed
        }

        let series = request.series.isEmpty ? InvoiceValidator.defaultSeries : request.series
        if series.count > 32 || series.isEmpty
            || !series.unicodeScalars.allSatisfy({ Self.isSeriesCharacter($0) })
        {
            reject(
                "series",
                "'\(request.series)' is not a series code (A-Z, 0-9, '_', '-'; at most 32)")
        }

        let currency = request.currency
        let minorUnits = Currency.minorUnits(of: currency)
        if currency.isEmpty {
            reject("currency", "is required (an ISO 4217 code such as CNY)")
        } else if minorUnits == nil {
            reject("currency", "'\(currency)' is not an ISO 4217 currency code")
        }

        var warnings: [String] = []
        let warn = { (message: String) in warnings.append(message) }
        let seller = party(
            request.seller, "seller", taxIDRequired: true, reject: reject, warn: warn, text: text)
        let buyer = party(
            request.buyer, "buyer", taxIDRequired: false, reject: reject, warn: warn, text: text)

        if request.lines.isEmpty {
            reject("lines", "an invoice needs at least one line")
        } else if request.lines.count > InvoiceValidator.maximumLines {
            reject(
                "lines",
                "has \(request.lines.count) lines, the maximum is \(InvoiceValidator.maximumLines)")
        }
        var lines: [InvoiceDraft.Line] = []
        let scale = minorUnits ?? 2
        for (index, line) in request.lines.prefix(InvoiceValidator.maximumLines).enumerated() {
            let path = "lines[\(index)]"
            let itemName = text(line.itemName, "\(path).itemName", maximum: 200, required: true)
            let specification = text(line.specification, "\(path).specification", maximum: 100)
            let unit = text(line.unit, "\(path).unit", maximum: 20)
            let quantity = decimal(
                line.quantity, "\(path).quantity", maximumScale: 6, reject: reject)
            let unitPrice = decimal(
                line.unitPrice, "\(path).unitPrice", maximumScale: 6, reject: reject)
            let taxRate = decimal(line.taxRate, "\(path).taxRate", maximumScale: 4, reject: reject)
            if let quantity, quantity.isNegative || quantity.isZero {
                reject("\(path).quantity", "must be positive, got \(line.quantity)")
            }
            if let unitPrice, unitPrice.isNegative {
                reject("\(path).unitPrice", "must not be negative, got \(line.unitPrice)")
            }
            var rateAllowed = true
            if let taxRate, !allowedTaxRates.contains(taxRate) {
                let allowed = allowedTaxRates.map { $0.normalized.description }.joined(
                    separator: ", ")
                reject("\(path).taxRate", "\(line.taxRate) is not an allowed tax rate (\(allowed))")
                rateAllowed = false
            }
            guard let quantity, let unitPrice, let taxRate, rateAllowed else { continue }
            // An amount of at most 15 integer digits keeps the sum of 1000
            // lines, and every tax, far inside ExactDecimal's range.
            guard let product = quantity.multipliedReportingOverflow(by: unitPrice),
                product.rounded(toScale: scale).integerDigitCount
                    <= ExactDecimal.maximumIntegerDigits
            else {
                reject(
                    "\(path).unitPrice",
                    "quantity x unitPrice (\(line.quantity) x \(line.unitPrice)) exceeds the"
                        + " maximum line amount of \(ExactDecimal.maximumIntegerDigits) integer digits"
                )
                continue
            }
            let amount = product.rounded(toScale: scale)
            lines.append(
                InvoiceDraft.Line(
                    itemName: itemName, specification: specification, unit: unit,
                    quantity: quantity, unitPrice: unitPrice, taxRate: taxRate.normalized,
                    amount: amount, taxAmount: .zero))
        }

        let remarks = text(request.remarks, "remarks", maximum: 500)
        let issuer = text(request.issuer, "issuer", maximum: 50)
        guard violations.isEmpty, let seller, let buyer else {
            throw ValidationError(violations)
        }
        let taxes = TaxCalculator.lineTaxes(
            amounts: lines.map(\.amount), rates: lines.map(\.taxRate), rounding: policy.taxRounding,
            scale: scale)
        lines = zip(lines, taxes).map { line, tax in line.withTax(tax) }
        let zero = ExactDecimal.zero.rounded(toScale: scale)
        let totalAmount = lines.reduce(zero) { $0 + $1.amount }
        let totalTax = lines.reduce(zero) { $0 + $1.taxAmount }
        try InvoiceValidator.checkClientTotals(
            request, totalAmount: totalAmount, totalTax: totalTax,
            totalWithTax: totalAmount + totalTax)
        return InvoiceDraft(
            series: series, seller: seller, buyer: buyer, lines: lines, currency: currency,
            totalAmount: totalAmount, totalTax: totalTax, totalWithTax: totalAmount + totalTax,
            remarks: remarks, issuer: issuer, warnings: warnings)
    }

    /// Totals a client sent must equal the computed ones.
    static func checkClientTotals(
        _ request: IssueInvoiceRequest, totalAmount: ExactDecimal, totalTax: ExactDecimal,
        totalWithTax: ExactDecimal
    ) throws {
        var violations: [ValidationError.Violation] = []
        let fields = [
            ("totalAmount", request.totalAmount, totalAmount),
            ("totalTax", request.totalTax, totalTax),
            ("totalWithTax", request.totalWithTax, totalWithTax),
        ]
        for (field, sent, computed) in fields where !sent.isEmpty {
            guard let value = ExactDecimal(parsing: sent) else {
                violations.append(
                    .init(field: field, reason: "'\(sent.prefix(40))' is not a decimal"))
                continue
            }
            if value != computed {
                violations.append(
                    .init(
                        field: field,
                        reason: "the request says \(sent) but the lines give \(computed)"))
            }
        }
        if !violations.isEmpty { throw ValidationError(violations) }
    }

    private func party(
        _ party: Party?, _ path: String, taxIDRequired: Bool,
        reject: (String, String) -> Void, warn: (String) -> Void,
        text: (String, String, Int, Bool) -> String
    ) -> InvoiceDraft.PartyFields? {
        guard let party else {
            reject(path, "is required")
            return nil
        }
        let name = text(party.name, "\(path).name", 200, true)
        let taxID = text(party.taxID, "\(path).taxId", 20, taxIDRequired)
        if !taxID.isEmpty, let failure = InvoiceValidator.taxIDFailure(taxID) {
            if policy.taxIDCheckWarns && InvoiceValidator.isOnlyCheckCharacterWrong(taxID) {
                warn("\(path).taxId: '\(taxID)': \(failure)")
            } else {
                reject("\(path).taxId", "'\(taxID)': \(failure)")
            }
        }
        return InvoiceDraft.PartyFields(
            name: name, taxID: taxID, address: text(party.address, "\(path).address", 300, false),
            phone: text(party.phone, "\(path).phone", 50, false),
            bankName: text(party.bankName, "\(path).bankName", 200, false),
            bankAccount: text(party.bankAccount, "\(path).bankAccount", 50, false))
    }

    /// Returns whether an 18-character id has the USCC form and only its check
    /// character disagrees, the case a tenant may downgrade to a warning.
    static func isOnlyCheckCharacterWrong(_ taxID: String) -> Bool {
        let characters = Array(taxID)
        return characters.count == 18 && characters.allSatisfy { USCC.alphabet.contains($0) }
    }

    /// An 18-character id must be a valid USCC; older tax registration
    /// numbers of 15, 17 or 20 characters are accepted by form only.
    static func taxIDFailure(_ taxID: String) -> String? {
        if taxID.count == 18 { return USCC.validationFailure(taxID) }
        let form = taxID.unicodeScalars.allSatisfy {
            ("0"..."9").contains($0) || ("A"..."Z").contains($0)
        }
        guard [15, 17, 20].contains(taxID.count), form else {
            return "not a tax id: expected an 18-character unified social credit code"
        }
        return nil
    }

    private func decimal(
        _ value: String, _ field: String, maximumScale: Int, reject: (String, String) -> Void
    ) -> ExactDecimal? {
        if value.isEmpty {
            reject(field, "is required (a decimal string such as \"1.50\")")
            return nil
        }
        guard let decimal = ExactDecimal(parsing: value, maximumScale: maximumScale) else {
            reject(
                field,
                "'\(value)' is not a decimal with at most \(ExactDecimal.maximumIntegerDigits)"
                    + " integer digits and \(maximumScale) fraction digits")
            return nil
        }
        return decimal
    }

    private static func isSeriesCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
            || scalar == "-"
    }
}
