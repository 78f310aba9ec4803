/// What a principal may do. Each RPC method requires exactly one.
public enum Permission: String, Sendable, CaseIterable, Comparable {
    case invoiceIssue = "invoice.issue"
    case invoiceRead = "invoice.read"
    case invoiceDeliver = "invoice.deliver"
    case invoiceReverse = "invoice.reverse"
    case invoiceExport = "invoice.export"
    case auditRead = "audit.read"
    case auditExport = "audit.export"
    case principalManage = "principal.manage"
    case roleManage = "role.manage"
    case keyManage = "key.manage"
    case seriesManage = "series.manage"
    case tenantSettings = "tenant.settings"
    /// Platform only: create tenants.
    case tenantCreate = "tenant.create"
    /// Platform only: list and read tenants.
    case tenantRead = "tenant.read"
    /// Platform only: suspend and resume tenants.
    case tenantSuspend = "tenant.suspend"
    /// Platform only: change a tenant's settings and limits.
    case tenantUpdate = "tenant.update"

    /// Permissions that only platform operators can hold.
    public static let platformPermissions: Set<Permission> = [
        .tenantCreate, .tenantRead, .tenantSuspend, .tenantUpdate,
    ]

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
