import Foundation
import Testing

/// A short run of the `fapiao-bench` load generator against the shared
/// server, checking its JSON report. Throughput is measured by
/// benchmarks/run, not here.
@Suite("fapiao-bench smoke run")
struct BenchSmokeTests {
    let server = SharedServer.instance

    /// Returns the load generator built next to the server executable.
    static func executable() throws -> URL {
        let url = try ServerProcess.executable().deletingLastPathComponent()
            .appendingPathComponent("fapiao-bench")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CLIRunError(description: "fapiao-bench not found at \(url.path); run swift build first")
        }
        return url
    }

    /// Runs `fapiao-bench --json` with the platform operator's key and
    /// returns its exit status and output. Output goes to files so that a
    /// full pipe cannot block the child.
    func runBench(_ arguments: [String]) throws -> CLIResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fapiao-bench-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputURL = directory.appendingPathComponent("stdout")
        let errorURL = directory.appendingPathComponent("stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let outputHandle = try FileHandle(forWritingTo: outputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = try BenchSmokeTests.executable()
        process.arguments =
            [
                "--server", "\(server.address.host):\(server.address.port)",
                "--ca-cert", server.authority.path,
                "--key-file", server.dataDirectory.appendingPathComponent("admin.key").path,
                "--json",
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

    /// Checks the report of a run of `count` calls: all OK, no errors, and
    /// latency percentiles present and in order.
    func expectCleanReport(_ result: CLIResult, count: Int, method: String) throws {
        #expect(result.status == 0, "fapiao-bench failed: \(result.standardError)")
        let report = try result.jsonObject()
        #expect(report["method"] as? String == method)
        #expect(report["calls"] as? Int == count)
        #expect(report["ok"] as? Int == count)
        let errors = try #require(report["errors"] as? [String: Any])
        #expect(errors.isEmpty, "errors by status code: \(errors)")
        let throughput = try #require(report["calls_per_second"] as? Double)
        #expect(throughput > 0)

        let latency = try #require(report["latency_ms"] as? [String: Any])
        let p50 = try #require(latency["p50"] as? Double)
        let p90 = try #require(latency["p90"] as? Double)
        let p99 = try #require(latency["p99"] as? Double)
        let max = try #require(latency["max"] as? Double)
        #expect(p50 > 0)
        #expect(p50 <= p90)
        #expect(p90 <= p99)
        #expect(p99 <= max)
    }

    @Test("health check run")
    func healthCheckRun() throws {
        let result = try runBench([
            "--method", "health", "--count", "200", "--connections", "2", "--in-flight", "4",
        ])
        try expectCleanReport(result, count: 200, method: "health")
    }

    @Test("IssueInvoice run across tenants")
    func issueInvoiceRun() throws {
        let result = try runBench([
            "--method", "issue", "--count", "200", "--connections", "2", "--in-flight", "4",
            "--tenants", "2",
        ])
        try expectCleanReport(result, count: 200, method: "issue")
        let report = try result.jsonObject()
        #expect(report["tenants"] as? Int == 2)
    }
}
