/// Handling of an 18-character tax id whose GB 32100-2015 check character is
/// wrong (`fapiao.tenant.v1.TaxIdCheck`).
public enum TaxIDCheck: UInt32, ProtoEnum {
    case unspecified = 0
    /// The call fails with INVALID_ARGUMENT.
    case strict = 1
    /// The invoice is issued with a warning, for legacy data.
    case warn = 2

    public static let protoEnumName = "fapiao.tenant.v1.TaxIdCheck"
    public static let defaultValue = TaxIDCheck.unspecified

    public var protoName: String {
        switch self {
        case .unspecified: "TAX_ID_CHECK_UNSPECIFIED"
        case .strict: "TAX_ID_CHECK_STRICT"
        case .warn: "TAX_ID_CHECK_WARN"
        }
    }

    /// Name for database storage: the proto name without its prefix, in lower
    /// case, such as "strict".
    public var storageName: String {
        String(protoName.dropFirst("TAX_ID_CHECK_".count)).lowercased()
    }

    public init?(storageName: String) {
        guard let match = TaxIDCheck.allCases.first(where: { $0.storageName == storageName })
        else { return nil }
        self = match
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = TaxIDCheck(rawValue: protoNumber) ?? .unspecified
    }
}
