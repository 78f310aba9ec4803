/// Life-cycle state of an invoice (`fapiao.invoice.v1.InvoiceStatus`).
public enum InvoiceStatus: UInt32, ProtoEnum {
    case unspecified = 0
    case issued = 1
    case delivered = 2
    case acknowledged = 3
    case archived = 4
    case reversed = 5
    case partiallyReversed = 6

    public static let protoEnumName = "fapiao.invoice.v1.InvoiceStatus"
    public static let defaultValue = InvoiceStatus.unspecified

    public var protoName: String {
        switch self {
        case .unspecified: "INVOICE_STATUS_UNSPECIFIED"
        case .issued: "INVOICE_STATUS_ISSUED"
        case .delivered: "INVOICE_STATUS_DELIVERED"
        case .acknowledged: "INVOICE_STATUS_ACKNOWLEDGED"
        case .archived: "INVOICE_STATUS_ARCHIVED"
        case .reversed: "INVOICE_STATUS_REVERSED"
        case .partiallyReversed: "INVOICE_STATUS_PARTIALLY_REVERSED"
        }
    }

    /// Name stored in the database column `invoices.status`, in lower case.
    public var storageName: String {
        String(protoName.dropFirst("INVOICE_STATUS_".count)).lowercased()
    }

    public init?(storageName: String) {
        guard let match = InvoiceStatus.allCases.first(where: { $0.storageName == storageName })
        else { return nil }
        self = match
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = InvoiceStatus(rawValue: protoNumber) ?? .unspecified
    }
}
