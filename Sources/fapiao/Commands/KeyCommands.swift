import FapiaoAPI
import FapiaoClient

/// `fapiao keys …`: API keys of the caller's tenant's principals.
enum KeyCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "create": try create(&arguments, context: context)
        case "list": try list(&arguments, context: context)
        case "revoke": try revoke(&arguments, context: context)
        default: throw UsageError("unknown command 'keys \(action)': expected create, list or revoke")
        }
    }

    static func create(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let principalID = try arguments.operands("PRINCIPAL_ID", of: "keys create")[0]
        // The server validates the time and returns INVALID_ARGUMENT for one
        // that is malformed or in the past.
        let request = CreateApiKeyRequest(principalID: principalID, expiresAt: arguments.take("expires") ?? "")
        let keyOut = arguments.take("key-out")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        var response = try client.call(MethodNames.createAPIKey, request, as: CreateApiKeyResponse.self)
        if let keyOut {
            try writeSecretFile(response.apiKey, to: keyOut)
            // The key is in the file, so it is left out of the output.
            response.apiKey = ""
        }
        if context.json {
            try printJSON(response)
            return
        }
        var fields = keyFields(response.key ?? ApiKey())
        if let keyOut {
            fields.append(("api key", "written to \(keyOut)"))
            print(TableFormatter.fields(fields))
        } else {
            fields.append(("api key", response.apiKey))
            print(TableFormatter.fields(fields))
            print("(the api key is shown once: store it, for example in a file for --key-file)")
        }
    }

    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "keys list")
        let request = ListApiKeysRequest(principalID: arguments.take("principal") ?? "")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(MethodNames.listAPIKeys, request, as: ListApiKeysResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        let rows = response.keys.map { key in
            [
                key.keyID, key.principalID, key.createdAt, DisplayText.orDash(key.expiresAt),
                DisplayText.orDash(key.revokedAt),
            ]
        }
        print(TableFormatter.table(header: ["KEY ID", "PRINCIPAL", "CREATED", "EXPIRES", "REVOKED"], rows: rows))
    }

    static func revoke(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let keyID = try arguments.operands("KEY_ID", of: "keys revoke")[0]
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let key = try client.call(MethodNames.revokeAPIKey, RevokeApiKeyRequest(keyID: keyID), as: ApiKey.self)
        if context.json {
            try printJSON(key)
            return
        }
        print(TableFormatter.fields(keyFields(key)))
    }

    static func keyFields(_ key: ApiKey) -> [(label: String, value: String)] {
        [
            ("key id", key.keyID),
            ("principal", key.principalID),
            ("created at", key.createdAt),
            ("expires at", key.expiresAt.isEmpty ? "never" : key.expiresAt),
            ("revoked at", DisplayText.orDash(key.revokedAt)),
        ]
    }
}
