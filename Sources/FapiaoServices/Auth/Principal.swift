/// The authenticated caller of a call.
public struct Principal: Sendable, Equatable {
    public let tenantID: String
    public let principalID: String
    public let name: String
    /// Names of the granted roles, built-in or custom, sorted.
    public let roles: [String]
    /// Union of the permissions of `roles`.
    public let permissions: Set<Permission>
    /// Credential that authenticated the call: `api_key:<key id>` or
    /// `certificate:<SHA-256 fingerprint>`.
    public let credential: String
    /// Limits of the principal's tenant.
    public let limits: TenantLimits
    /// Invoicing choices of the principal's tenant.
    public let invoicePolicy: InvoicePolicy

    /// Whether the principal is a platform operator.
    public var isPlatformOperator: Bool { tenantID == Database.platformTenantID }
}
