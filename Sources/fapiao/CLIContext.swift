import FapiaoClient
import Foundation

/// Connection settings shared by every command, from options, environment
/// variables and defaults, in that order of precedence.
struct CLIContext {
    let server: String
    let keyFile: String
    let caCertificate: String
    let timeout: Duration
    /// Deadline of a streaming export and of `invoices verify`: `timeout` when
    /// `--timeout` was given, or else one hour. Both take minutes on a large
    /// log or tenant: on two cores, 1,000,000 access-log entries took 95 s to
    /// export and 113,000 invoices about 150 s to verify.
    let streamTimeout: Duration
    let json: Bool
    /// TLS client certificate and key that the connection presents, if any.
    let clientCertificate: String?
    let clientKey: String?

    init(arguments: inout CommandLineArguments, environment: [String: String]) throws {
        func setting(_ option: String, _ variable: String, _ fallback: String) -> String {
            if let value = arguments.take(option) { return value }
            if let value = environment[variable], !value.isEmpty { return value }
            return fallback
        }
        server = setting("server", "FAPIAO_SERVER", "127.0.0.1:7443")
        keyFile = setting("key-file", "FAPIAO_KEY_FILE", ".fapiao/admin.key")
        caCertificate = setting("ca-cert", "FAPIAO_CA_CERT", ".fapiao/tls/dev-ca.pem")
        let timeoutOption = arguments.take("timeout")
        let timeoutText = timeoutOption ?? "30"
        guard let seconds = Double(timeoutText), seconds > 0, seconds <= 86_400 else {
            throw UsageError("invalid --timeout '\(timeoutText)': expected seconds from 0 to 86400")
        }
        timeout = .milliseconds(Int64(seconds * 1000))
        streamTimeout = timeoutOption == nil ? .seconds(3600) : timeout
        json = arguments.takeFlag("json")
        func optional(_ option: String, _ variable: String) -> String? {
            arguments.take(option) ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        clientCertificate = optional("client-cert", "FAPIAO_CLIENT_CERT")
        clientKey = optional("client-key", "FAPIAO_CLIENT_KEY")
        if (clientCertificate == nil) != (clientKey == nil) {
            throw UsageError("--client-cert and --client-key go together")
        }
    }

    /// Connects with the API key from `keyFile`, presenting `certificate`
    /// (or the --client-cert pair) as the TLS client certificate.
    ///
    /// - Parameter needsKey: false for calls that need no credential.
    func connect(
        needsKey: Bool = true, certificate: (chain: String, key: String)? = nil
    ) throws
        -> FapiaoClient
    {
        guard let (host, port) = ClientConfiguration.parseAddress(server) else {
            throw UsageError("invalid server address '\(server)': expected HOST:PORT")
        }
        var apiKey: String?
        if needsKey {
            let text: String
            do {
                text = try InputFile.text(of: keyFile, role: "the API key file")
            } catch {
                throw UsageError("\(error); pass --key-file or set FAPIAO_KEY_FILE")
            }
            apiKey = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard FileManager.default.isReadableFile(atPath: caCertificate) else {
            throw UsageError(
                "cannot read the CA certificate '\(caCertificate)': pass --ca-cert or set FAPIAO_CA_CERT"
            )
        }
        let presented =
            certificate ?? clientCertificate.flatMap { chain in clientKey.map { (chain, $0) } }
        if let presented {
            for path in [presented.0, presented.1]
            where !FileManager.default.isReadableFile(atPath: path) {
                throw UsageError("cannot read the client certificate or key '\(path)'")
            }
        }
        return try FapiaoClient(
            configuration: ClientConfiguration(
                host: host, port: port, trustedAuthorities: URL(fileURLWithPath: caCertificate),
                apiKey: apiKey, defaultTimeout: timeout,
                certificateChain: presented.map { URL(fileURLWithPath: $0.0) },
                privateKey: presented.map { URL(fileURLWithPath: $0.1) }))
    }
}
