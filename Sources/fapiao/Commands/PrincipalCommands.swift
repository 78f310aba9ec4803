import FapiaoAPI
import FapiaoClient

/// `fapiao principals …`: the people and service accounts of the caller's tenant.
enum PrincipalCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "create": try create(&arguments, context: context)
        case "list": try list(&arguments, context: context)
        case "disable": try setEnabled(false, &arguments, context: context)
        case "enable": try setEnabled(true, &arguments, context: context)
        default: throw UsageError("unknown command 'principals \(action)': expected create, list, disable or enable")
        }
    }

    static func create(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let name = try arguments.operands("NAME", of: "principals create")[0]
        let kind: PrincipalKind
        switch arguments.take("kind") {
        // The server creates a person when the kind is unspecified.
        case nil: kind = .unspecified
        case "person": kind = .person
        case "service": kind = .service
        case let other?: throw UsageError("invalid --kind '\(other)': expected person or service")
        }
        let request = CreatePrincipalRequest(name: name, kind: kind, roles: arguments.takeAll("role"))
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let principal = try client.call(MethodNames.createPrincipal, request, as: Principal.self)
        try printPrincipal(principal, json: context.json)
    }

    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "principals list")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(
            MethodNames.listPrincipals, ListPrincipalsRequest(), as: ListPrincipalsResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        let rows = response.principals.map { principal in
            [
                principal.id, kindText(principal.kind), stateText(principal), DisplayText.list(principal.roles),
                principal.name,
            ]
        }
        print(TableFormatter.table(header: ["ID", "KIND", "STATE", "ROLES", "NAME"], rows: rows))
    }

    static func setEnabled(_ enabled: Bool, _ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let id = try arguments.operands("ID", of: enabled ? "principals enable" : "principals disable")[0]
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let principal = try client.call(
            enabled ? MethodNames.enablePrincipal : MethodNames.disablePrincipal, SetPrincipalEnabledRequest(id: id),
            as: Principal.self)
        try printPrincipal(principal, json: context.json)
    }

    /// Prints a principal as key/value lines, or as JSON. Also used by the
    /// role grant commands, which return the principal.
    static func printPrincipal(_ principal: Principal, json: Bool) throws {
        if json {
            try printJSON(principal)
            return
        }
        print(
            TableFormatter.fields([
                ("id", principal.id),
                ("name", principal.name),
                ("kind", kindText(principal.kind)),
                ("roles", DisplayText.list(principal.roles)),
                ("state", stateText(principal)),
                ("tenant", principal.tenantID),
                ("created at", principal.createdAt),
            ]))
    }

    static func kindText(_ kind: PrincipalKind) -> String {
        DisplayText.enumValue(kind.protoName, prefix: "PRINCIPAL_KIND_")
    }

    static func stateText(_ principal: Principal) -> String {
        principal.disabled ? "disabled" : "enabled"
    }
}
