import Foundation

/// A tenant's invoicing choices, from the `tax_rounding`, `tax_rates`,
/// `tax_id_check` and `retention_years` keys of `tenants.settings`.
public struct InvoicePolicy: Sendable, Equatable {
    public enum TaxRounding: String, Sendable {
        /// Each line's tax is rounded; the totals are sums of lines.
        case perLine = "per_line"
        /// Tax is rounded once per rate over that rate's line amounts, then
        /// allocated to the lines so that they still add up.
        case perRate = "per_rate"
    }

    /// Chinese VAT and simplified-levy rates 0, 1, 3, 5, 6, 9 and 13 %.
    public static let defaultTaxRates = ["0", "0.01", "0.03", "0.05", "0.06", "0.09", "0.13"]
        .compactMap { ExactDecimal(parsing: $0) }
    /// 30 years, as Chinese rules set for accounting vouchers.
    public static let defaultRetentionYears = 30
    /// Shortest retention a tenant may choose.
    public static let minimumRetentionYears = 10

    public var taxRounding: TaxRounding = .perLine
    public var taxRates: [ExactDecimal] = InvoicePolicy.defaultTaxRates
    /// Whether a wrong USCC check character only warns, for legacy data.
    public var taxIDCheckWarns = false
    public var retentionYears = InvoicePolicy.defaultRetentionYears

    public init() {}

    /// Reads the policy from the settings JSON; missing or invalid keys keep
    /// their defaults.
    public init(settingsJSON: String?) {
        self.init(settings: TenantSettingsJSON.parse(settingsJSON))
    }

    /// Reads the policy from parsed settings; missing or invalid keys keep
    /// their defaults.
    init(settings object: [String: Any]) {
        self.init()
        if let text = object["tax_rounding"] as? String, let rounding = TaxRounding(rawValue: text)
        {
            taxRounding = rounding
        }
        if let rates = object["tax_rates"] as? [String] {
            let parsed = rates.compactMap { ExactDecimal(parsing: $0, maximumScale: 4) }
            if !parsed.isEmpty && parsed.count == rates.count { taxRates = parsed }
        }
        if let check = object["tax_id_check"] as? String { taxIDCheckWarns = check == "warn" }
        if let years = object["retention_years"] as? Int,
            years >= InvoicePolicy.minimumRetentionYears
        {
            retentionYears = years
        }
    }
}
