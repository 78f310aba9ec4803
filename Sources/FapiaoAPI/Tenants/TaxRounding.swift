/// Rounding rule for tax amounts (`fapiao.tenant.v1.TaxRounding`).
///
/// `perLine` rounds the tax of each line and sums the lines, as Chinese
/// e-invoices print tax per line. `perRate` rounds once per tax rate over the
/// sum of that rate's line amounts, as EN 16931 does.
public enum TaxRounding: UInt32, ProtoEnum {
    case unspecified = 0
    case perLine = 1
    case perRate = 2

    public static let protoEnumName = "fapiao.tenant.v1.TaxRounding"
    public static let defaultValue = TaxRounding.unspecified

    public var protoName: String {
        switch self {
        case .unspecified: "TAX_ROUNDING_UNSPECIFIED"
        case .perLine: "TAX_ROUNDING_PER_LINE"
        case .perRate: "TAX_ROUNDING_PER_RATE"
        }
    }

    /// Name for database storage: the proto name without its prefix, in lower
    /// case, such as "per_line".
    public var storageName: String {
        String(protoName.dropFirst("TAX_ROUNDING_".count)).lowercased()
    }

    public init?(storageName: String) {
        guard let match = TaxRounding.allCases.first(where: { $0.storageName == storageName })
        else { return nil }
        self = match
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = TaxRounding(rawValue: protoNumber) ?? .unspecified
    }
}
