/// Roles that exist without configuration. Platform operators live in the
/// platform tenant; the other roles exist in every enterprise tenant.
public enum BuiltInRole: String, Sendable, CaseIterable {
    case platformOperator = "platform_operator"
    case tenantAdmin = "tenant_admin"
    case issuer
    case auditor
    case viewer

    /// Permissions of the role. A platform operator manages tenants but has
    /// no permission on any tenant's invoices or access log.
    public var permissions: Set<Permission> {
        switch self {
        case .platformOperator:
            Permission.platformPermissions
        case .tenantAdmin:
            Set(Permission.allCases).subtracting(Permission.platformPermissions)
        case .issuer:
            [.invoiceIssue, .invoiceRead, .invoiceDeliver, .invoiceReverse, .invoiceExport]
        case .auditor:
            [.invoiceRead, .invoiceExport, .auditRead, .auditExport]
        case .viewer:
            [.invoiceRead]
        }
    }
}
