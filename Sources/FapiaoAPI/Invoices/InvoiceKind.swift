/// Blue invoice or red credit note, 红字发票 (`fapiao.invoice.v1.InvoiceKind`).
public enum InvoiceKind: UInt32, ProtoEnum {
    case unspecified = 0
    case invoice = 1
    case creditNote = 2

    public static let protoEnumName = "fapiao.invoice.v1.InvoiceKind"
    public static let defaultValue = InvoiceKind.unspecified

    public var protoName: String {
        switch self {
        case .unspecified: "INVOICE_KIND_UNSPECIFIED"
        case .invoice: "INVOICE_KIND_INVOICE"
        case .creditNote: "INVOICE_KIND_CREDIT_NOTE"
        }
    }

    /// Name for database storage: the proto name without its prefix, in lower
    /// case, such as "credit_note".
    public var storageName: String {
        String(protoName.dropFirst("INVOICE_KIND_".count)).lowercased()
    }

    public init?(storageName: String) {
        guard let match = InvoiceKind.allCases.first(where: { $0.storageName == storageName })
        else { return nil }
        self = match
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = InvoiceKind(rawValue: protoNumber) ?? .unspecified
    }
}
