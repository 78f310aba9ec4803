import FapiaoClient
import FapiaoTestSupport
import Foundation
import Synchronization

/// A `fapiao-server` executable started for one test, on a port the kernel
/// picks, with its own data directory and, unless `embeddedDatabase`, its
/// own database on the test PostgreSQL server.
final class ServerProcess: Sendable {
    let dataDirectory: URL
    let database: TestDatabase?
    let process: Process
    let address: (host: String, port: Int)
    private let output = LogCollector()

    /// Starts the server and waits for its `server_started` log line.
    init(
        dataDirectory: URL? = nil, database: TestDatabase? = nil, embeddedDatabase: Bool = false,
        environment extra: [String: String] = [:]
    ) throws {
        let directory =
            dataDirectory
            ?? URL(fileURLWithPath: "/tmp").appendingPathComponent(
                "fapiao-e2e-\(UInt32.random(in: .min ... .max))")
        self.dataDirectory = directory
        self.database = embeddedDatabase ? nil : try database ?? TestDatabase.create()

        var environment = ProcessInfo.processInfo.environment
        environment["FAPIAO_LISTEN"] = "127.0.0.1:0"
        environment["FAPIAO_DATA_DIR"] = directory.path
        environment["FAPIAO_MIGRATIONS_DIR"] = ServerProcess.packageRoot
            .appendingPathComponent("Migrations").path
        environment["FAPIAO_SHUTDOWN_GRACE_SECONDS"] = "5"
        environment.removeValue(forKey: "FAPIAO_DATABASE_URL")
        if let database = self.database { environment["FAPIAO_DATABASE_URL"] = database.url }
        environment.merge(extra) { _, new in new }

        let process = Process()
        process.executableURL = try ServerProcess.executable()
        process.environment = environment
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        self.process = process
        let output = self.output
        let started = DispatchSemaphore(value: 0)
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0a) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    output.append(line)
                    if line.contains("\"event\":\"server_started\""),
                        let address = ServerProcess.field("address", in: line)
                    {
                        output.setAddress(address)
                        started.signal()
                    }
                }
            }
            started.signal()
        }
        try process.run()
        _ = started.wait(timeout: .now() + 60)
        guard let text = output.address,
            let parsed = ClientConfiguration.parseAddress(text)
        else {
            process.terminate()
            process.waitUntilExit()
            let log = output.lines.joined(separator: "\n")
            throw ServerStartFailure(log: log)
        }
        address = parsed
    }

    /// Lines the server wrote to standard error so far.
    var logLines: [String] { output.lines }

    var adminKey: String {
        get throws {
            try String(contentsOf: dataDirectory.appendingPathComponent("admin.key"), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    var authority: URL { dataDirectory.appendingPathComponent("tls/dev-ca.pem") }

    /// Opens a client, with the platform operator's key unless `apiKey` is given.
    func client(
        apiKey: String? = nil, useAdminKey: Bool = true, certificate: (chain: URL, key: URL)? = nil
    ) throws -> FapiaoClient {
        let key = try apiKey ?? (useAdminKey ? adminKey : nil)
        return try FapiaoClient(
            configuration: ClientConfiguration(
                host: address.host, port: address.port, trustedAuthorities: authority, apiKey: key,
                certificateChain: certificate?.chain, privateKey: certificate?.key))
    }

    /// Sends SIGTERM and waits for the exit.
    ///
    /// - Returns: the exit status, or nil when the process did not exit in time
    ///   (it is then killed).
    @discardableResult
    func stop(timeout: TimeInterval = 30) -> Int32? {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    /// Stops the server and removes its data directory and database.
    func remove() {
        stop()
        try? database?.drop()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Returns the built server: FAPIAO_SERVER_BINARY, else next to the test bundle,
    /// else in .build/debug.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["FAPIAO_SERVER_BINARY"] {
            candidates.append(URL(fileURLWithPath: path))
        }
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("fapiao-server"))
        }
        for argument in CommandLine.arguments.prefix(1) {
            candidates.append(
                URL(fileURLWithPath: argument).deletingLastPathComponent()
                    .appendingPathComponent("fapiao-server"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/fapiao-server"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else {
            throw ServerStartFailure(
                log: "fapiao-server not found in \(candidates.map(\.path)); run swift build first")
        }
        return found
    }

    /// Extracts a string field from a JSON log line.
    static func field(_ name: String, in line: String) -> String? {
        guard let data = line.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object[name] as? String
    }
}

struct ServerStartFailure: Error, CustomStringConvertible {
    let log: String

    var description: String { "fapiao-server did not start:\n\(log)" }
}

/// Log lines of a server process and the address from its start line.
final class LogCollector: Sendable {
    private let state = Mutex<(lines: [String], address: String?)>(([], nil))

    func append(_ line: String) { state.withLock { $0.lines.append(line) } }

    func setAddress(_ address: String) { state.withLock { $0.address = address } }

    var lines: [String] { state.withLock { $0.lines } }

    var address: String? { state.withLock { $0.address } }
}
