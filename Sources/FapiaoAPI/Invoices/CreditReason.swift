/// Reason a credit note reverses an invoice (`fapiao.invoice.v1.CreditReason`).
///
/// Only `salesReturn` and `salesDiscount` may reverse part of an invoice, and
/// the others reverse all of it.
public enum CreditReason: UInt32, ProtoEnum {
    case unspecified = 0
    case invoicingError = 1
    case salesReturn = 2
    case salesDiscount = 3
    case serviceStopped = 4

    public static let protoEnumName = "fapiao.invoice.v1.CreditReason"
    public static let defaultValue = CreditReason.unspecified

    public var protoName: String {
        switch self {
        case .unspecified: "CREDIT_REASON_UNSPECIFIED"
        case .invoicingError: "CREDIT_REASON_INVOICING_ERROR"
        case .salesReturn: "CREDIT_REASON_SALES_RETURN"
        case .salesDiscount: "CREDIT_REASON_SALES_DISCOUNT"
        case .serviceStopped: "CREDIT_REASON_SERVICE_STOPPED"
        }
    }

    /// Name for database storage: the proto name without its prefix, in lower
    /// case, such as "sales_return".
    public var storageName: String {
        String(protoName.dropFirst("CREDIT_REASON_".count)).lowercased()
    }

    public init?(storageName: String) {
        guard let match = CreditReason.allCases.first(where: { $0.storageName == storageName })
        else { return nil }
        self = match
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = CreditReason(rawValue: protoNumber) ?? .unspecified
    }
}
