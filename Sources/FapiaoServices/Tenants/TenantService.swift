public import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import Foundation

/// `fapiao.tenant.v1.TenantService`: tenants, their settings and their first
/// administrator. Every method is for platform operators.
public struct TenantService: Sendable {
    public init() {}

    /// Every method of the service.
    public var methods: [AnyServiceMethod] {
        [
            AnyServiceMethod(createTenant), AnyServiceMethod(listTenants),
            AnyServiceMethod(getTenant),
            AnyServiceMethod(suspendTenant), AnyServiceMethod(resumeTenant),
            AnyServiceMethod(updateTenantSettings),
            AnyServiceMethod(InvoiceSettingsMethods.getInvoiceSettings),
            AnyServiceMethod(InvoiceSettingsMethods.updateInvoiceSettings),
        ]
    }

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

    /// `ListTenants`: every enterprise tenant, oldest first. Permission tenant.read.
    public var listTenants: ServiceMethod<ListTenantsRequest, ListTenantsResponse> {
        ServiceMethod(
            path: MethodNames.listTenants, permission: .tenantRead, resourceType: "tenant"
        ) {
            context, _ in
            try context.transaction { connection in
                let rows = try connection.queryPrepared(
                    "SELECT \(TenantRow.columns) FROM tenants WHERE kind = 'enterprise' ORDER BY tenants.created_at, tenant_id"
                )
                try context.recordSuccess(on: connection, resourceType: "tenant", resourceID: nil)
                return ListTenantsResponse(
                    tenants: try (0..<rows.rowCount).map { try TenantRow.tenant(rows, $0) })
            }
        }
    }

    /// `GetTenant`: one tenant. Permission tenant.read.
    public var getTenant: ServiceMethod<GetTenantRequest, Tenant> {
        ServiceMethod(path: MethodNames.getTenant, permission: .tenantRead, resourceType: "tenant")
        {
            context, request in
            let id = try Identifier.uuid(request.id, field: "id")
            return try context.transaction { connection in
                let tenant = try TenantRow.load(id, on: connection)
                try context.recordSuccess(on: connection, resourceType: "tenant", resourceID: id)
                return tenant
            }
        }
    }

    /// `SuspendTenant`: the tenant's calls fail with FAILED_PRECONDITION until
    /// it is resumed; its data stays as it is. Permission tenant.suspend.
    public var suspendTenant: ServiceMethod<SetTenantStatusRequest, Tenant> {
        ServiceMethod(
            path: MethodNames.suspendTenant, permission: .tenantSuspend, resourceType: "tenant"
        ) {
            context, request in
            try TenantService.setStatus("suspended", request: request, context: context)
        }
    }

    /// `ResumeTenant`: ends a suspension. Permission tenant.suspend.
    public var resumeTenant: ServiceMethod<SetTenantStatusRequest, Tenant> {
        ServiceMethod(
            path: MethodNames.resumeTenant, permission: .tenantSuspend, resourceType: "tenant"
        ) {
            context, request in
            try TenantService.setStatus("active", request: request, context: context)
        }
    }

    /// `UpdateTenantSettings`: changes the fields of the request's settings
    /// that are not 0. Permission tenant.update.
    public var updateTenantSettings: ServiceMethod<UpdateTenantSettingsRequest, Tenant> {
        ServiceMethod(
            path: MethodNames.updateTenantSettings, permission: .tenantUpdate,
            resourceType: "tenant"
        ) { context, request in
            try TenantService.updateSettings(request, context: context)
        }
    }

    static func create(
        _ request: CreateTenantRequest, context: CallContext
    ) throws
        -> CreateTenantResponse
    {
        let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
        let adminName =
            request.adminName.isEmpty
            ? "admin" : request.adminName.trimmingCharacters(in: .whitespacesAndNewlines)
        var violations: [ValidationError.Violation] = []
        if name.isEmpty || name.unicodeScalars.count > 200 {
            violations.append(
                .init(field: "name", reason: "must be 1 to 200 characters, got \(name.unicodeScalars.count)"))
        }
        if adminName.isEmpty || adminName.unicodeScalars.count > 200 {
            violations.append(
                .init(
                    field: "adminName",
                    reason: "must be 1 to 200 characters, got \(adminName.unicodeScalars.count)"))
        }
        guard violations.isEmpty else { throw ValidationError(violations) }

        return try context.transaction { connection in
            let tenantRow = try connection.queryPrepared(
                "INSERT INTO tenants (tenant_id, name) VALUES (gen_random_uuid(), $1) RETURNING \(TenantRow.columns)",
                [name])
            let tenant = try TenantRow.tenant(tenantRow, 0)
            // The new tenant's own rows are written as that tenant, because
            // row-level security accepts only rows of the current tenant.
            try Database.setTenant(tenant.id, on: connection)
            _ = try connection.queryPrepared(
                "INSERT INTO invoice_series (tenant_id, series, display_prefix) VALUES ($1, $2, $2)",
                [tenant.id, InvoiceValidator.defaultSeries])
            let principalID = try PrincipalStore.insert(
                tenantID: tenant.id, name: adminName, kind: "person",
                roles: [BuiltInRole.tenantAdmin.rawValue], on: connection)
            let key = try APIKey.generate(tenantID: tenant.id)
            try APIKeyStore.insert(key, principalID: principalID, expiresAt: nil, on: connection)
            try Database.setTenant(context.principal.tenantID, on: connection)
            try context.recordSuccess(
                on: connection, resourceType: "tenant", resourceID: tenant.id,
                changes: [
                    "name": .init(before: nil, after: name),
                    "status": .init(before: nil, after: "active"),
                    "admin_principal_id": .init(before: nil, after: principalID),
                    "admin_api_key_id": .init(before: nil, after: key.keyID),
                ])
            return CreateTenantResponse(
                tenant: tenant, adminPrincipalID: principalID, apiKey: key.text)
        }
    }

    static func setStatus(
        _ status: String, request: SetTenantStatusRequest, context: CallContext
    ) throws
        -> Tenant
    {
        let id = try Identifier.uuid(request.id, field: "id")
        return try context.transaction { connection in
            let before = try TenantRow.load(id, on: connection)
            let rows = try connection.queryPrepared(
                "UPDATE tenants SET status = $2 WHERE tenant_id = $1 AND kind = 'enterprise' RETURNING \(TenantRow.columns)",
                [id, status])
            guard rows.rowCount == 1 else {
                throw RPCError(.notFound, "tenant '\(request.id)' not found")
            }
            let after = try TenantRow.tenant(rows, 0)
            try context.recordSuccess(
                on: connection, resourceType: "tenant", resourceID: id,
                changes: [
                    "status": .init(
                        before: TenantRow.statusName(before), after: TenantRow.statusName(after))
                ])
            return after
        }
    }

    static func updateSettings(
        _ request: UpdateTenantSettingsRequest, context: CallContext
    ) throws -> Tenant {
        let id = try Identifier.uuid(request.id, field: "id")
        guard let settings = request.settings else {
            throw ValidationError(field: "settings", reason: "is required")
        }
        var changes: [String: Int] = [:]
        var violations: [ValidationError.Violation] = []
        let fields: [(String, String, UInt32)] = [
            ("rate_limit_per_second", "settings.rateLimitPerSecond", settings.rateLimitPerSecond),
            ("rate_limit_burst", "settings.rateLimitBurst", settings.rateLimitBurst),
            ("max_concurrent_calls", "settings.maxConcurrentCalls", settings.maxConcurrentCalls),
        ]
        for (key, path, value) in fields where value != 0 {
            if value > TenantLimits.maximumSetting {
                violations.append(
                    .init(
                        field: path,
                        reason: "\(value) is above the maximum of \(TenantLimits.maximumSetting)"))
            }
            changes[key] = Int(value)
        }
        guard violations.isEmpty else { throw ValidationError(violations) }
        guard !changes.isEmpty else {
            throw ValidationError(
                field: "settings", reason: "sets no field; give at least one value above 0")
        }
        let patch = String(
            decoding: try JSONSerialization.data(withJSONObject: changes, options: [.sortedKeys]),
            as: UTF8.self)
        return try context.transaction { connection in
            let before = try TenantRow.load(id, on: connection)
            let rows = try connection.queryPrepared(
                "UPDATE tenants SET settings = settings || $2::jsonb WHERE tenant_id = $1 AND kind = 'enterprise' RETURNING \(TenantRow.columns)",
                [id, patch])
            guard rows.rowCount == 1 else {
                throw RPCError(.notFound, "tenant '\(request.id)' not found")
            }
            let after = try TenantRow.tenant(rows, 0)
            try context.recordSuccess(
                on: connection, resourceType: "tenant", resourceID: id,
                changes: TenantRow.settingChanges(before: before.settings, after: after.settings))
            return after
        }
    }
}
