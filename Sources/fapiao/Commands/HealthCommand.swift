import FapiaoAPI
import FapiaoClient

/// `fapiao health [SERVICE]`: the gRPC health check, which needs no API key.
enum HealthCommand {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let service = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        try arguments.rejectUnknownOptions()
        let client = try context.connect(needsKey: false)
        defer { client.close() }
        let reply = try client.call(
            MethodNames.healthCheck, HealthCheckRequest(service: service), as: HealthCheckResponse.self)
        if context.json { try printJSON(reply) } else { print(reply.status.protoName) }
    }
}
