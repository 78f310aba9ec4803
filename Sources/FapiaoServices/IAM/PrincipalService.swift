public import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// `fapiao.iam.v1.PrincipalService`: the people and service accounts of a
/// tenant. Permission principal.manage.
public struct PrincipalService: Sendable {
    public init() {}

    /// Every method of the service.
    public var methods: [AnyServiceMethod] {
        [
            AnyServiceMethod(createPrincipal), AnyServiceMethod(listPrincipals),
            AnyServiceMethod(disablePrincipal), AnyServiceMethod(enablePrincipal),
        ]
    }

    /// `CreatePrincipal`: a person or service account with the given roles.
    public var createPrincipal: ServiceMethod<CreatePrincipalRequest, FapiaoAPI.Principal> {
        ServiceMethod(
            path: MethodNames.createPrincipal, permission: .principalManage,
            resourceType: "principal"
        ) { context, request in
            let name = request.name.trimmingCharacters(in: .whitespacesAndNewlines)
            var violations: [ValidationError.Violation] = []
            if name.isEmpty || name.unicodeScalars.count > 200 {
                violations.append(
                    .init(field: "name", reason: "must be 1 to 200 characters, got \(name.unicodeScalars.count)"))
            }
            let kind: PrincipalKind = request.kind == .unspecified ? .person : request.kind
            if kind == .operator {
                violations.append(
                    .init(field: "kind", reason: "operators exist only in the platform tenant"))
            }
            guard violations.isEmpty else { throw ValidationError(violations) }
            let tenantID = context.principal.tenantID
            return try context.transaction { connection in
                let roles = try RoleCatalog.validate(
                    request.roles, field: "roles", tenantID: tenantID, on: connection)
                let id = try PrincipalStore.insert(
                    tenantID: tenantID, name: name, kind: kind.storageName, roles: roles,
                    on: connection)
                let principal = try PrincipalStore.load(id, tenantID: tenantID, on: connection)
                try context.recordSuccess(
                    on: connection, resourceType: "principal", resourceID: id,
                    changes: [
                        "name": .init(before: nil, after: name),
                        "kind": .init(before: nil, after: kind.storageName),
                        "roles": .init(before: nil, after: principal.roles.joined(separator: ",")),
                    ])
                return principal
            }
        }
    }

    /// `ListPrincipals`: every principal of the tenant, oldest first.
    public var listPrincipals: ServiceMethod<ListPrincipalsRequest, ListPrincipalsResponse> {
        ServiceMethod(
            path: MethodNames.listPrincipals, permission: .principalManage,
            resourceType: "principal"
        ) { context, _ in
            try context.transaction { connection in
                let principals = try PrincipalStore.list(
                    tenantID: context.principal.tenantID, on: connection)
                try context.recordSuccess(
                    on: connection, resourceType: "principal", resourceID: nil)
                return ListPrincipalsResponse(principals: principals)
            }
        }
    }

    /// `DisablePrincipal`: its credentials fail with UNAUTHENTICATED from the
    /// next call on. The last enabled tenant administrator cannot be disabled.
    public var disablePrincipal: ServiceMethod<SetPrincipalEnabledRequest, FapiaoAPI.Principal> {
        ServiceMethod(
            path: MethodNames.disablePrincipal, permission: .principalManage,
            resourceType: "principal"
        ) { context, request in
            try PrincipalService.setEnabled(false, request: request, context: context)
        }
    }

    /// `EnablePrincipal`: undoes `DisablePrincipal`.
    public var enablePrincipal: ServiceMethod<SetPrincipalEnabledRequest, FapiaoAPI.Principal> {
        ServiceMethod(
            path: MethodNames.enablePrincipal, permission: .principalManage,
            resourceType: "principal"
        ) { context, request in
            try PrincipalService.setEnabled(true, request: request, context: context)
        }
    }

    static func setEnabled(
        _ enabled: Bool, request: SetPrincipalEnabledRequest, context: CallContext
    ) throws
        -> FapiaoAPI.Principal
    {
        let id = try Identifier.uuid(request.id, field: "id")
        let tenantID = context.principal.tenantID
        return try context.transaction { connection in
            let before = try PrincipalStore.load(id, tenantID: tenantID, on: connection)
            if !enabled && before.roles.contains(BuiltInRole.tenantAdmin.rawValue)
                && !before.disabled,
                try PrincipalStore.otherEnabledAdministrators(
                    tenantID: tenantID, excluding: id, on: connection) == 0
            {
                throw RPCError(
                    .failedPrecondition,
                    "principal '\(id)' is the last enabled tenant administrator; grant tenant_admin to another principal first"
                )
            }
            _ = try connection.queryPrepared(
                enabled
                    ? "UPDATE principals SET disabled_at = NULL WHERE tenant_id = $1 AND principal_id = $2"
                    : "UPDATE principals SET disabled_at = coalesce(disabled_at, now()) WHERE tenant_id = $1 AND principal_id = $2",
                [tenantID, id])
            let after = try PrincipalStore.load(id, tenantID: tenantID, on: connection)
            try context.recordSuccess(
                on: connection, resourceType: "principal", resourceID: id,
                changes: [
                    "disabled": .init(
                        before: String(before.disabled), after: String(after.disabled))
                ])
            return after
        }
    }
}
