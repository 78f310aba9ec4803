/// Kind of caller a principal is (`fapiao.iam.v1.PrincipalKind`).
public enum PrincipalKind: UInt32, ProtoEnum {
    case unspecified = 0
    case person = 1
    case service = 2
    case `operator` = 3

    public static let protoEnumName = "fapiao.iam.v1.PrincipalKind"
    public static let defaultValue = PrincipalKind.unspecified

    public var protoName: String {
        switch self {
        case .unspecified: "PRINCIPAL_KIND_UNSPECIFIED"
        case .person: "PRINCIPAL_KIND_PERSON"
        case .service: "PRINCIPAL_KIND_SERVICE"
        case .operator: "PRINCIPAL_KIND_OPERATOR"
        }
    }

    /// Name stored in the database column `principals.kind`, in lower case.
    public var storageName: String {
        String(protoName.dropFirst("PRINCIPAL_KIND_".count)).lowercased()
    }

    public init?(storageName: String) {
        guard let match = PrincipalKind.allCases.first(where: { $0.storageName == storageName })
        else { return nil }
        self = match
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = PrincipalKind(rawValue: protoNumber) ?? .unspecified
    }
}
