import FapiaoClient
import FapiaoWire
import Foundation

// The `fapiao` command-line client. See Usage.text.

func run(_ rawArguments: [String]) throws {
    var arguments = try CommandLineArguments(rawArguments)
    if arguments.takeFlag("help") || arguments.positionals.isEmpty {
        print(Usage.text)
        return
    }
    let context = try CLIContext(arguments: &arguments, environment: ProcessInfo.processInfo.environment)
    switch arguments.positionals[0] {
    case "tenants": try TenantCommands.run(&arguments, context: context)
    case "principals": try PrincipalCommands.run(&arguments, context: context)
    case "keys": try KeyCommands.run(&arguments, context: context)
    case "certificates": try CertificateCommands.run(&arguments, context: context)
    case "roles": try RoleCommands.run(&arguments, context: context)
    case "invoices": try InvoiceCommands.run(&arguments, context: context)
    case "series": try SeriesCommands.run(&arguments, context: context)
    case "settings": try SettingsCommands.run(&arguments, context: context)
    case "health": try HealthCommand.run(&arguments, context: context)
    case "audit": try AuditCommands.run(&arguments, context: context)
    default: throw UsageError("unknown command '\(arguments.positionals.joined(separator: " "))'")
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
} catch let failure as CheckFailure {
    printError("error: \(failure.description)")
    exit(1)
} catch let error as ClientConnectError {
    printError("error: UNAVAILABLE: \(error.description)")
    exit(1)
} catch {
    printError("error: \(error)")
    exit(1)
}
