import Foundation

/// Runs the built `fapiao` executable against one server with one API key file.
struct CLIRunner {
    let server: ServerProcess
    let keyFile: String

    /// Returns the CLI built next to the server executable.
    static func executable() throws -> URL {
        let url = try ServerProcess.executable().deletingLastPathComponent().appendingPathComponent("fapiao")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CLIRunError(description: "fapiao not found at \(url.path); run swift build first")
        }
        return url
    }

    /// Returns a runner with the platform operator's key, which the server
    /// writes to its data directory.
    static func platformOperator(on server: ServerProcess) -> CLIRunner {
        CLIRunner(server: server, keyFile: server.dataDirectory.appendingPathComponent("admin.key").path)
    }

    /// Runs `fapiao` with the connection options of this runner before `arguments`.
    func run(_ arguments: String...) throws -> CLIResult {
        try run(arguments)
    }

    /// Runs `fapiao` with the connection options of this runner before `arguments`.
    ///
    /// Output goes to files rather than pipes, so a large output cannot block
    /// the child while this process waits for it.
    func run(_ arguments: [String]) throws -> CLIResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fapiao-cli-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = try CLIRunner.executable()
        process.arguments =
            [
                "--server", "\(server.address.host):\(server.address.port)",
                "--ca-cert", server.authority.path,
                "--key-file", keyFile,
            ] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        try outputHandle.close()
        try errorHandle.close()
        return CLIResult(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
            standardError: try String(contentsOf: errorURL, encoding: .utf8))
    }
}
