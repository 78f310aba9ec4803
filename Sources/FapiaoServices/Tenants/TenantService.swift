public import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// `fapiao.tenant.v1.TenantService`: tenants and their first administrator.
public struct TenantService: Sendable {
    public init() {}

    /// `CreateTenant`: creates a tenant, its DEFAULT invoice series and its
    /// first tenant administrator, and returns that administrator's API key
    /// once. Permission tenant.create.
    public var createTenant: ServiceMethod<CreateTenantRequest, CreateTenantResponse> {
        ServiceMethod(
            path: MethodNames.createTenant, permission: .tenantCreate, resourceType: "tenant"
        ) { context, request in
            try TenantService.create(request, context: context)
        }
    }

    static func create(_ request: CreateTenantRequest, context: CallContext) throws
        -> CreateTenantResponse
    {
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let adminName =
            request.adminName.isEmpty
            ? "admin" : request.adminName.trimmingCharacters(in: .whitespacesAndNewlines)
        var violations: [ValidationError.Violation] = []
        if name.isEmpty || name.count > 200 {
            violations.append(.init(field: "name", reason: "must be 1 to 200 characters, got \(name.count)"))
        }
        if adminName.isEmpty || adminName.count > 200 {
            violations.append(
                .init(field: "adminName", reason: "must be 1 to 200 characters, got \(adminName.count)"))
        }
        guard violations.isEmpty else { throw ValidationError(violations) }

        return try context.transaction { connection in
            let tenantRow = try connection.queryPrepared(
                """
                INSERT INTO tenants (tenant_id, name) VALUES (gen_random_uuid(), $1)
                RETURNING tenant_id, status,
                    to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
                """, [name])
            let tenantID = try tenantRow.string(row: 0, column: "tenant_id")
            _ = try connection.queryPrepared(
                "INSERT INTO invoice_series (tenant_id, series, display_prefix) VALUES ($1, $2, $2)",
                [tenantID, InvoiceValidator.defaultSeries])
            let principalRow = try connection.queryPrepared(
                """
                INSERT INTO principals (tenant_id, principal_id, name, kind, role)
                VALUES ($1, gen_random_uuid(), $2, 'person', $3)
                RETURNING principal_id
                """, [tenantID, adminName, BuiltInRole.tenantAdmin.rawValue])
            let principalID = try principalRow.string(row: 0, column: "principal_id")
            let key = try APIKey.generate(tenantID: tenantID)
            _ = try connection.queryPrepared(
                "INSERT INTO api_keys (tenant_id, key_id, principal_id, secret_hash) VALUES ($1, $2, $3, $4)",
                [tenantID, key.keyID, principalID, key.secretHashByteaHex])
            try context.recordSuccess(
                on: connection, resourceType: "tenant", resourceID: tenantID,
                changes: [
                    "name": .init(before: nil, after: name),
                    "status": .init(before: nil, after: "active"),
                    "admin_principal_id": .init(before: nil, after: principalID),
                    "admin_api_key_id": .init(before: nil, after: key.keyID),
                ])
            let tenant = Tenant(
                id: tenantID, name: name, status: .active,
                createdAt: try tenantRow.string(row: 0, column: "created_at"))
            return CreateTenantResponse(tenant: tenant, adminPrincipalID: principalID, apiKey: key.text)
        }
    }
}
