public import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// `fapiao.iam.v1.RoleService`: built-in and custom roles and their grants.
/// Permission role.manage.
public struct RoleService: Sendable {
    public init() {}

    /// Every method of the service.
    public var methods: [AnyServiceMethod] {
        [
            AnyServiceMethod(listRoles), AnyServiceMethod(createRole), AnyServiceMethod(grantRole),
            AnyServiceMethod(revokeRole), AnyServiceMethod(listPermissions),
        ]
    }

    /// `ListRoles`: the built-in roles a tenant can grant, then its custom roles.
    public var listRoles: ServiceMethod<ListRolesRequest, ListRolesResponse> {
        ServiceMethod(path: MethodNames.listRoles, permission: .roleManage, resourceType: "role") {
            context, _ in
            try context.transaction { connection in
                var roles = RoleCatalog.grantableBuiltInRoles.map { role in
                    Role(
                        name: role.rawValue, permissions: role.permissions.map(\.rawValue).sorted(),
                        builtIn: true)
                }
                let rows = try connection.queryPrepared(
                    "SELECT name, array_to_string(permissions, ',') AS permissions FROM roles WHERE tenant_id = $1 ORDER BY name",
                    [context.principal.tenantID])
                for row in 0..<rows.rowCount {
                    roles.append(
                        Role(
                            name: try rows.string(row: row, column: "name"),
                            permissions: (rows[row, "permissions"] ?? "").split(separator: ",").map(
                                String.init),
                            builtIn: false))
                }
                try context.recordSuccess(on: connection, resourceType: "role", resourceID: nil)
                return ListRolesResponse(roles: roles)
            }
        }
    }

    /// `CreateRole`: a custom role made of catalogue permissions.
    public var createRole: ServiceMethod<CreateRoleRequest, Role> {
        ServiceMethod(path: MethodNames.createRole, permission: .roleManage, resourceType: "role") {
            context, request in
            var violations: [ValidationError.Violation] = []
            let name = request.name
            let nameIsValid =
                (1...64).contains(name.count)
                && name.unicodeScalars.allSatisfy {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                }
                && name.first.map { $0.isLetter } == true
            if !nameIsValid {
                violations.append(
                    .init(
                        field: "name",
                        reason:
                            "'\(name.prefix(64))' is not a role name (a-z, 0-9 and '_', starting with a letter, at most 64)"
                    ))
            } else if BuiltInRole(rawValue: name) != nil {
                violations.append(.init(field: "name", reason: "'\(name)' is a built-in role"))
            }
            if request.permissions.isEmpty {
                violations.append(
                    .init(field: "permissions", reason: "a role needs at least one permission"))
            }
            for (index, text) in request.permissions.enumerated() {
                guard let permission = Permission(rawValue: text) else {
                    violations.append(
                        .init(
                            field: "permissions[\(index)]",
                            reason: "'\(text.prefix(64))' is not a permission"))
                    continue
                }
                if Permission.platformPermissions.contains(permission) {
                    violations.append(
                        .init(
                            field: "permissions[\(index)]",
                            reason: "\(text) is held only by platform operators"))
                }
            }
            guard violations.isEmpty else { throw ValidationError(violations) }
            let permissions = Array(Set(request.permissions)).sorted()
            return try context.transaction { connection in
                do {
                    _ = try connection.queryPrepared(
                        "INSERT INTO roles (tenant_id, name, permissions) VALUES ($1, $2, string_to_array($3, ','))",
                        [context.principal.tenantID, name, permissions.joined(separator: ",")])
                } catch let error as PostgresError where error.isUniqueViolation {
                    throw RPCError(.alreadyExists, "role '\(name)' already exists", cause: error)
                }
                try context.recordSuccess(
                    on: connection, resourceType: "role", resourceID: name,
                    changes: [
                        "permissions": .init(before: nil, after: permissions.joined(separator: ","))
                    ])
                return Role(name: name, permissions: permissions, builtIn: false)
            }
        }
    }

    /// `GrantRole`: adds a role to a principal; granting a held role changes nothing.
    public var grantRole: ServiceMethod<RoleGrantRequest, FapiaoAPI.Principal> {
        ServiceMethod(
            path: MethodNames.grantRole, permission: .roleManage, resourceType: "principal"
        ) {
            context, request in
            try RoleService.changeGrant(grant: true, request: request, context: context)
        }
    }

    /// `RevokeRole`: removes a role from a principal. The tenant keeps at
    /// least one enabled tenant administrator.
    public var revokeRole: ServiceMethod<RoleGrantRequest, FapiaoAPI.Principal> {
        ServiceMethod(
            path: MethodNames.revokeRole, permission: .roleManage, resourceType: "principal"
        ) {
            context, request in
            try RoleService.changeGrant(grant: false, request: request, context: context)
        }
    }

    /// `ListPermissions`: the permission catalogue a tenant's roles draw from.
    public var listPermissions: ServiceMethod<ListPermissionsRequest, ListPermissionsResponse> {
        ServiceMethod(
            path: MethodNames.listPermissions, permission: .roleManage, resourceType: "role"
        ) {
            context, _ in
            let all = Permission.allCases.sorted()
            let visible =
                context.principal.isPlatformOperator
                ? all : all.filter { !Permission.platformPermissions.contains($0) }
            return ListPermissionsResponse(permissions: visible.map(\.rawValue))
        }
    }

    static func changeGrant(
        grant: Bool, request: RoleGrantRequest, context: CallContext
    ) throws
        -> FapiaoAPI.Principal
    {
        let principalID = try Identifier.uuid(request.principalID, field: "principalId")
        let tenantID = context.principal.tenantID
        return try context.transaction { connection in
            let before = try PrincipalStore.load(principalID, tenantID: tenantID, on: connection)
            guard try RoleCatalog.exists(request.role, tenantID: tenantID, on: connection) else {
                throw RPCError(.notFound, "role '\(request.role.prefix(64))' not found")
            }
            if grant {
                try PrincipalStore.grant(
                    request.role, tenantID: tenantID, principalID: principalID, on: connection)
            } else {
                if request.role == BuiltInRole.tenantAdmin.rawValue
                    && before.roles.contains(request.role)
                    && !before.disabled,
                    try PrincipalStore.otherEnabledAdministrators(
                        tenantID: tenantID, excluding: principalID, on: connection) == 0
                {
                    throw RPCError(
                        .failedPrecondition,
                        "principal '\(principalID)' is the last enabled tenant administrator; grant tenant_admin to another principal first"
                    )
                }
                _ = try connection.queryPrepared(
                    "DELETE FROM principal_roles WHERE tenant_id = $1 AND principal_id = $2 AND role = $3",
                    [tenantID, principalID, request.role])
            }
            let after = try PrincipalStore.load(principalID, tenantID: tenantID, on: connection)
            try context.recordSuccess(
                on: connection, resourceType: "principal", resourceID: principalID,
                changes: [
                    "roles": .init(
                        before: before.roles.joined(separator: ","),
                        after: after.roles.joined(separator: ","))
                ])
            return after
        }
    }
}
