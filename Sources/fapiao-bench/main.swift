import FapiaoClient
import FapiaoTransport
import Foundation

/// Opens the connections, runs the load and prints the report.
func runBenchmark(_ options: BenchOptions) throws -> BenchReport {
    guard let address = ClientConfiguration.parseAddress(options.server) else {
        throw BenchUsageError("invalid --server '\(options.server)': expected HOST:PORT")
    }
    guard FileManager.default.isReadableFile(atPath: options.caCertificate) else {
        throw BenchUsageError("cannot read the CA certificate '\(options.caCertificate)': pass --ca-cert")
    }
    let setup = try BenchSetup.prepare(options, address: address)
    let plan = LoadPlan(options: options, setup: setup)

    let threads = min(options.threads ?? EventLoopGroup.defaultThreadCount, options.connections)
    let group = try EventLoopGroup(threads: threads)
    defer { group.shutdown() }
    var clients: [FapiaoClient] = []
    defer { for client in clients { client.close() } }
    let finished = DispatchGroup()
    var drivers: [ConnectionDriver] = []
    for _ in 0..<options.connections {
        let loop = group.next()
        let client = try BenchSetup.connect(address, options: options, apiKey: nil, loop: loop)
        clients.append(client)
        drivers.append(
            ConnectionDriver(
                client: client, loop: loop, plan: plan, inFlight: options.inFlight, finished: finished))
    }

    let serverCPUBefore = options.serverPID.flatMap(CPUTime.seconds(ofProcess:))
    let clientCPUBefore = CPUTime.ofSelf()
    let started = DispatchTime.now().uptimeNanoseconds
    plan.start(duration: options.duration)
    for driver in drivers { driver.start() }
    finished.wait()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let clientCPU = CPUTime.ofSelf() - clientCPUBefore
    let serverCPUAfter = options.serverPID.flatMap(CPUTime.seconds(ofProcess:))

    var latencies: [UInt64] = []
    var errors: [String: Int] = [:]
    for driver in drivers {
        latencies += driver.latencies
        for (code, count) in driver.errors { errors[code.name, default: 0] += count }
    }
    let ok = latencies.count
    let calls = ok + errors.values.reduce(0, +)
    let perCall = { (seconds: Double) in calls > 0 ? seconds * 1e6 / Double(calls) : 0 }
    var serverCPU: Double?
    if let before = serverCPUBefore, let after = serverCPUAfter { serverCPU = after - before }
    return BenchReport(
        method: options.method.rawValue, connections: options.connections,
        inFlightPerConnection: options.inFlight,
        tenants: options.method == .health ? 0 : setup.tenantKeys.count, calls: calls, ok: ok,
        errors: errors, elapsedSeconds: elapsed, callsPerSecond: Double(calls) / elapsed,
        latencyMilliseconds: BenchReport.latency(&latencies), clientCPUSeconds: clientCPU,
        clientCPUMicrosecondsPerCall: perCall(clientCPU), serverCPUSeconds: serverCPU,
        serverCPUMicrosecondsPerCall: serverCPU.map(perCall))
}

do {
    let options = try BenchOptions(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
    let report = try runBenchmark(options)
    print(options.json ? report.json() : report.table())
    exit(report.ok == report.calls ? 0 : 1)
} catch let error as BenchUsageError {
    if let message = error.message {
        FileHandle.standardError.write(Data("fapiao-bench: \(message)\n".utf8))
        exit(2)
    }
    print(BenchOptions.usage)
} catch {
    FileHandle.standardError.write(Data("fapiao-bench: \(error)\n".utf8))
    exit(1)
}
