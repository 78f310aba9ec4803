import Foundation

/// Server settings, read from environment variables. Every variable has a
/// default; README.md lists them.
struct ServerConfiguration: Sendable {
    var host: String
    var port: Int
    var dataDirectory: URL
    /// libpq URL of an existing database, used for migrations; nil runs the
    /// embedded cluster.
    var databaseURL: String?
    /// libpq URL for serving calls, as the role fapiao_app; nil derives it
    /// from `databaseURL` with that user name and no password.
    var databaseAppURL: String?
    /// Password the server gives the role fapiao_app at start and uses in the
    /// derived application URL; nil leaves the role's password as it is.
    var databaseAppPassword: String?
    var certificateChain: URL?
    var privateKey: URL?
    /// PEM file of the authorities whose client certificates the server accepts.
    var clientAuthority: URL?
    /// Whether the TLS handshake fails without a client certificate.
    var requireClientCertificate: Bool
    var maximumMessageSize: Int
    var databasePoolSize: Int
    var workerThreads: Int
    var eventLoopThreads: Int
    var shutdownGrace: Duration
    /// Ed25519 private key (PEM) that signs access-log digests; nil keeps
    /// one in `<data dir>/signing/`.
    var signingKey: URL?
    /// Time between two sealing passes of the access log.
    var sealInterval: Duration
    var logLevel: String

    static let version = "0.1.0"

    /// A variable with a value the server cannot use.
    struct InvalidSetting: Error, CustomStringConvertible {
        let variable: String
        let value: String
        let expected: String

        var description: String { "invalid \(variable)='\(value)': expected \(expected)" }
    }

    /// - Throws: `InvalidSetting` naming the first bad variable.
    static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws -> ServerConfiguration
    {
        func value(_ name: String) -> String? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            return text
        }
        func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else {
                throw InvalidSetting(
                    variable: name, value: text,
                    expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }

        let listen = value("FAPIAO_LISTEN") ?? "127.0.0.1:7443"
        guard let (host, port) = parseListenAddress(listen) else {
            throw InvalidSetting(
                variable: "FAPIAO_LISTEN", value: listen,
                expected: "HOST:PORT such as 127.0.0.1:7443 or [::1]:7443, port 0 to 65535")
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let dataDirectory =
            value("FAPIAO_DATA_DIR").map {
                URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL
            } ?? cwd.appendingPathComponent(".fapiao")

        let cert = value("FAPIAO_TLS_CERT").map { URL(fileURLWithPath: $0, relativeTo: cwd) }
        let key = value("FAPIAO_TLS_KEY").map { URL(fileURLWithPath: $0, relativeTo: cwd) }
        if (cert == nil) != (key == nil) {
            throw InvalidSetting(
                variable: cert == nil ? "FAPIAO_TLS_CERT" : "FAPIAO_TLS_KEY", value: "",
                expected: "FAPIAO_TLS_CERT and FAPIAO_TLS_KEY to be set together")
        }
        let clientAuthority = value("FAPIAO_TLS_CLIENT_CA").map {
            URL(fileURLWithPath: $0, relativeTo: cwd)
        }
        let requireText = value("FAPIAO_TLS_REQUIRE_CLIENT_CERT") ?? "false"
        guard let requireClientCertificate = ["true": true, "false": false][requireText] else {
            throw InvalidSetting(
                variable: "FAPIAO_TLS_REQUIRE_CLIENT_CERT", value: requireText,
                expected: "true or false")
        }
        if requireClientCertificate && clientAuthority == nil {
            throw InvalidSetting(
                variable: "FAPIAO_TLS_REQUIRE_CLIENT_CERT", value: requireText,
                expected: "FAPIAO_TLS_CLIENT_CA to name the authority of client certificates")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let graceSeconds = try integer(
            "FAPIAO_SHUTDOWN_GRACE_SECONDS", default: 10, range: 0...3600)
        let sealSeconds = try integer("FAPIAO_SEAL_INTERVAL_SECONDS", default: 2, range: 1...3600)
        let logLevel = value("FAPIAO_LOG_LEVEL") ?? "info"
        guard ["debug", "info", "warning", "error"].contains(logLevel) else {
            throw InvalidSetting(
                variable: "FAPIAO_LOG_LEVEL", value: logLevel,
                expected: "debug, info, warning or error")
        }
        return ServerConfiguration(
            host: host, port: port, dataDirectory: dataDirectory,
            databaseURL: value("FAPIAO_DATABASE_URL"),
            databaseAppURL: value("FAPIAO_DATABASE_APP_URL"),
            databaseAppPassword: value("FAPIAO_DATABASE_APP_PASSWORD"),
            certificateChain: cert, privateKey: key, clientAuthority: clientAuthority,
            requireClientCertificate: requireClientCertificate,
            maximumMessageSize: try integer(
                "FAPIAO_MAX_MESSAGE_BYTES", default: 4 * 1024 * 1024, range: 1024...(1 << 30)),
            databasePoolSize: try integer("FAPIAO_DB_POOL_SIZE", default: 32, range: 1...1000),
            workerThreads: try integer("FAPIAO_WORKER_THREADS", default: 64, range: 1...4096),
            eventLoopThreads: try integer(
                "FAPIAO_EVENT_LOOP_THREADS", default: cores, range: 1...256),
            shutdownGrace: .seconds(graceSeconds),
            signingKey: value("FAPIAO_SIGNING_KEY").map { URL(fileURLWithPath: $0, relativeTo: cwd) },
            sealInterval: .seconds(sealSeconds), logLevel: logLevel)
    }

    static func parseListenAddress(_ text: String) -> (String, Int)? {
        let host: String
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"),
                text[text.index(after: close)...].hasPrefix(":")
            else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon else {
                return nil
            }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
            return nil
        }
        return (host, port)
    }
}
