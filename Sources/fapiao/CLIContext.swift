import FapiaoClient
import Foundation

/// Connection settings shared by every command, from options, environment
/// variables and defaults, in that order of precedence.
struct CLIContext {
    let server: String
    let keyFile: String
    let caCertificate: String
    let timeout: Duration
    let json: Bool

    init(arguments: inout CommandLineArguments, environment: [String: String]) throws {
        func setting(_ option: String, _ variable: String, _ fallback: String) -> String {
            if let value = arguments.take(option) { return value }
            if let value = environment[variable], !value.isEmpty { return value }
            return fallback
        }
        server = setting("server", "FAPIAO_SERVER", "127.0.0.1:7443")
        keyFile = setting("key-file", "FAPIAO_KEY_FILE", ".fapiao/admin.key")
        caCertificate = setting("ca-cert", "FAPIAO_CA_CERT", ".fapiao/tls/dev-ca.pem")
        let timeoutText = arguments.take("timeout") ?? "30"
        guard let seconds = Double(timeoutText), seconds > 0, seconds <= 86_400 else {
            throw UsageError("invalid --timeout '\(timeoutText)': expected seconds from 0 to 86400")
        }
        timeout = .milliseconds(Int64(seconds * 1000))
        json = arguments.takeFlag("json")
    }

    /// Connects with the API key from `keyFile`.
    ///
    /// - Parameter needsKey: false for calls that need no credential.
    func connect(needsKey: Bool = true) throws -> FapiaoClient {
        guard let (host, port) = ClientConfiguration.parseAddress(server) else {
            throw UsageError("invalid server address '\(server)': expected HOST:PORT")
        }
        var apiKey: String?
        if needsKey {
            guard let text = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
                throw UsageError(
                    "cannot read the API key file '\(keyFile)': pass --key-file or set FAPIAO_KEY_FILE")
            }
            apiKey = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard FileManager.default.isReadableFile(atPath: caCertificate) else {
            throw UsageError(
                "cannot read the CA certificate '\(caCertificate)': pass --ca-cert or set FAPIAO_CA_CERT")
        }
        return try FapiaoClient(
            configuration: ClientConfiguration(
                host: host, port: port, trustedAuthorities: URL(fileURLWithPath: caCertificate),
                apiKey: apiKey, defaultTimeout: timeout))
    }
}
