import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation

// The `fapiao` command-line client. See Usage.text.

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

func printJSON(_ message: some Encodable) throws {
    print(String(decoding: try ProtoJSON.encode(message), as: UTF8.self))
}

func run(_ rawArguments: [String]) throws {
    var arguments = try CommandLineArguments(rawArguments)
    if arguments.takeFlag("help") || arguments.positionals.isEmpty {
        print(Usage.text)
        return
    }
    let context = try CLIContext(arguments: &arguments, environment: ProcessInfo.processInfo.environment)
    let command = arguments.positionals.prefix(2).joined(separator: " ")
    switch command {
    case "tenants create":
        guard arguments.positionals.count == 3 else {
            throw UsageError("tenants create needs exactly one NAME")
        }
        let request = CreateTenantRequest(
            name: arguments.positionals[2], adminName: arguments.take("admin-name") ?? "")
        let keyOut = arguments.take("key-out")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(
            MethodNames.createTenant, request, as: CreateTenantResponse.self)
        if let keyOut {
            try writeSecretFile(response.apiKey, to: keyOut)
        }
        if context.json {
            try printJSON(response)
        } else {
            print("tenant        \(response.tenant?.id ?? "")  \(response.tenant?.name ?? "")")
            print("admin         \(response.adminPrincipalID)")
            if let keyOut {
                print("api key       written to \(keyOut)")
            } else {
                print("api key       \(response.apiKey)")
                print("              (shown once: store it, for example in a file for --key-file)")
            }
        }

    case "invoices issue":
        guard let file = arguments.take("file") else {
            throw UsageError("invoices issue needs --file FILE")
        }
        let key = arguments.take("idempotency-key") ?? UUID().uuidString.lowercased()
        try arguments.rejectUnknownOptions()
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageError("cannot read '\(file)'")
        }
        let request: IssueInvoiceRequest
        do {
            request = try ProtoJSON.decode(IssueInvoiceRequest.self, from: data)
        } catch {
            throw UsageError("invalid IssueInvoiceRequest JSON in '\(file)': \(error)")
        }
        let client = try context.connect()
        defer { client.close() }
        var metadata = Metadata()
        metadata.add(Metadata.Key.idempotencyKey, key)
        let response = try client.call(
            MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self, metadata: metadata)
        if context.json {
            try printJSON(response)
        } else {
            if let invoice = response.invoice { print(InvoiceTable.render(invoice)) }
            print("")
            print(response.replayed
                ? "replayed: idempotency key \(key) was used before; this is the first result"
                : "idempotency key \(key) (repeat it with --idempotency-key to retry safely)")
        }

    case "invoices get":
        guard arguments.positionals.count == 3 else {
            throw UsageError("invoices get needs exactly one invoice ID")
        }
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let invoice = try client.call(
            MethodNames.getInvoice, GetInvoiceRequest(id: arguments.positionals[2]), as: Invoice.self)
        if context.json {
            try printJSON(invoice)
        } else {
            print(InvoiceTable.render(invoice))
        }

    default:
        if arguments.positionals.first == "health" {
            let service = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
            try arguments.rejectUnknownOptions()
            let client = try context.connect(needsKey: false)
            defer { client.close() }
            let reply = try client.call(
                MethodNames.healthCheck, HealthCheckRequest(service: service),
                as: HealthCheckResponse.self)
            if context.json { try printJSON(reply) } else { print(reply.status.protoName) }
            return
        }
        throw UsageError("unknown command '\(arguments.positionals.joined(separator: " "))'")
    }
}

/// Writes `secret` to a new file readable only by its owner.
func writeSecretFile(_ secret: String, to path: String) throws {
    guard FileManager.default.createFile(
        atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
    else {
        throw UsageError("cannot write '\(path)'")
    }
}

do {
    try run(Array(CommandLine.arguments.dropFirst()))
} catch let status as CallStatus {
    printError("error: \(status.code.name): \(status.message)")
    exit(1)
} catch let error as UsageError {
    printError("error: \(error.description)")
    printError("run 'fapiao --help' for usage")
    exit(2)
} catch let error as ClientConnectError {
    printError("error: UNAVAILABLE: \(error.description)")
    exit(1)
} catch {
    printError("error: \(error)")
    exit(1)
}
