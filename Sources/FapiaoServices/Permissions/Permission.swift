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
    /// Platform only: suspend and resume tenants.
    case tenantSuspend = "tenant.suspend"

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
