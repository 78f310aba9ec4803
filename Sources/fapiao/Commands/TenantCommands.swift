import FapiaoAPI
import FapiaoClient

/// `fapiao tenants …`: tenant administration for platform operators.
enum TenantCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "create": try create(&arguments, context: context)
        case "list": try list(&arguments, context: context)
        case "show": try show(&arguments, context: context)
        case "suspend": try setStatus(suspend: true, &arguments, context: context)
        case "resume": try setStatus(suspend: false, &arguments, context: context)
        case "settings": try settings(&arguments, context: context)
        default: throw UsageError("unknown command 'tenants \(action)': expected create, list, show, suspend, resume or settings")
        }
    }

    static func create(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let name = try arguments.operands("NAME", of: "tenants create")[0]
        let request = CreateTenantRequest(name: name, adminName: arguments.take("admin-name") ?? "")
        let keyOut = arguments.take("key-out")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        var response = try client.call(MethodNames.createTenant, request, as: CreateTenantResponse.self)
        if let keyOut {
            try writeSecretFile(response.apiKey, to: keyOut)
            // The key is in the file, so it is left out of the output.
            response.apiKey = ""
        }
        if context.json {
            try printJSON(response)
            return
        }
        print("tenant        \(response.tenant?.id ?? "")  \(response.tenant?.name ?? "")")
        print("admin         \(response.adminPrincipalID)")
        if let keyOut {
            print("api key       written to \(keyOut)")
        } else {
            print("api key       \(response.apiKey)")
            print("              (shown once: store it, for example in a file for --key-file)")
        }
    }

    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "tenants list")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(MethodNames.listTenants, ListTenantsRequest(), as: ListTenantsResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        let rows = response.tenants.map { tenant in
            [tenant.id, statusText(tenant.status), tenant.createdAt, tenant.name]
        }
        print(TableFormatter.table(header: ["ID", "STATUS", "CREATED", "NAME"], rows: rows))
    }

    static func show(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let id = try arguments.operands("ID", of: "tenants show")[0]
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let tenant = try client.call(MethodNames.getTenant, GetTenantRequest(id: id), as: Tenant.self)
        try printTenant(tenant, json: context.json)
    }

    static func setStatus(suspend: Bool, _ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let command = suspend ? "tenants suspend" : "tenants resume"
        let id = try arguments.operands("ID", of: command)[0]
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let tenant = try client.call(
            suspend ? MethodNames.suspendTenant : MethodNames.resumeTenant, SetTenantStatusRequest(id: id),
            as: Tenant.self)
        try printTenant(tenant, json: context.json)
    }

    /// Updates the settings given as options, or shows them when none is given.
    static func settings(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let id = try arguments.operands("ID", of: "tenants settings")[0]
        let rateLimit = try positiveNumber(arguments.take("rate-limit"), option: "rate-limit", unit: "calls per second")
        let burst = try positiveNumber(arguments.take("burst"), option: "burst", unit: "calls")
        let maxConcurrent = try positiveNumber(arguments.take("max-concurrent"), option: "max-concurrent", unit: "calls")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let tenant: Tenant
        if rateLimit == nil && burst == nil && maxConcurrent == nil {
            tenant = try client.call(MethodNames.getTenant, GetTenantRequest(id: id), as: Tenant.self)
        } else {
            // A field left at 0 keeps the tenant's current value.
            let settings = TenantSettings(
                rateLimitPerSecond: rateLimit ?? 0, rateLimitBurst: burst ?? 0, maxConcurrentCalls: maxConcurrent ?? 0)
            tenant = try client.call(
                MethodNames.updateTenantSettings, UpdateTenantSettingsRequest(id: id, settings: settings),
                as: Tenant.self)
        }
        if context.json {
            try printJSON(tenant)
            return
        }
        let fields = [("tenant", tenant.id)] + settingFields(tenant.settings ?? TenantSettings())
        print(TableFormatter.fields(fields))
    }

    static func printTenant(_ tenant: Tenant, json: Bool) throws {
        if json {
            try printJSON(tenant)
            return
        }
        var fields: [(label: String, value: String)] = [
            ("id", tenant.id),
            ("name", tenant.name),
            ("status", statusText(tenant.status)),
            ("created at", tenant.createdAt),
        ]
        if let settings = tenant.settings { fields += settingFields(settings) }
        print(TableFormatter.fields(fields))
    }

    static func settingFields(_ settings: TenantSettings) -> [(label: String, value: String)] {
        [
            ("rate limit", "\(settings.rateLimitPerSecond) calls per second"),
            ("burst", "\(settings.rateLimitBurst) calls"),
            ("max concurrent", "\(settings.maxConcurrentCalls) calls"),
        ]
    }

    static func statusText(_ status: TenantStatus) -> String {
        DisplayText.enumValue(status.protoName, prefix: "TENANT_STATUS_")
    }

    /// Parses an optional whole number of at least 1.
    ///
    /// - Throws: `UsageError` naming the option and its unit for anything else.
    static func positiveNumber(_ text: String?, option: String, unit: String) throws -> UInt32? {
        guard let text else { return nil }
        guard let value = UInt32(text), value > 0 else {
            throw UsageError("invalid --\(option) '\(text)': expected a whole number of \(unit), at least 1")
        }
        return value
    }
}
