import FapiaoAPI
import FapiaoClient

/// `fapiao roles …`: built-in and custom roles of the caller's tenant and
/// their grants.
enum RoleCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "list": try list(&arguments, context: context)
        case "create": try create(&arguments, context: context)
        case "grant": try changeGrant(grant: true, &arguments, context: context)
        case "revoke": try changeGrant(grant: false, &arguments, context: context)
        case "permissions": try permissions(&arguments, context: context)
        default:
            throw UsageError("unknown command 'roles \(action)': expected list, create, grant, revoke or permissions")
        }
    }

    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "roles list")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(MethodNames.listRoles, ListRolesRequest(), as: ListRolesResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        let rows = response.roles.map { role in
            [role.name, role.builtIn ? "built-in" : "custom", DisplayText.list(role.permissions)]
        }
        print(TableFormatter.table(header: ["NAME", "TYPE", "PERMISSIONS"], rows: rows))
    }

    static func create(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let name = try arguments.operands("NAME", of: "roles create")[0]
        let permissions = arguments.takeAll("permission")
        guard !permissions.isEmpty else {
            throw UsageError("roles create needs at least one --permission; 'fapiao roles permissions' lists them")
        }
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let role = try client.call(
            MethodNames.createRole, CreateRoleRequest(name: name, permissions: permissions), as: Role.self)
        if context.json {
            try printJSON(role)
            return
        }
        print(
            TableFormatter.fields([
                ("name", role.name),
                ("type", role.builtIn ? "built-in" : "custom"),
                ("permissions", DisplayText.list(role.permissions)),
            ]))
    }

    static func changeGrant(grant: Bool, _ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let operands = try arguments.operands("PRINCIPAL_ID", "ROLE", of: grant ? "roles grant" : "roles revoke")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let principal = try client.call(
            grant ? MethodNames.grantRole : MethodNames.revokeRole,
            RoleGrantRequest(principalID: operands[0], role: operands[1]), as: Principal.self)
        try PrincipalCommands.printPrincipal(principal, json: context.json)
    }

    static func permissions(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "roles permissions")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(
            MethodNames.listPermissions, ListPermissionsRequest(), as: ListPermissionsResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        for permission in response.permissions { print(permission) }
    }
}
