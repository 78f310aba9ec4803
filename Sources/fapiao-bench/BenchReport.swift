import FapiaoWire
import Foundation

/// Processor time of a process in seconds, user plus system.
enum CPUTime {
    /// Reads utime and stime of `pid` from /proc/PID/stat; nil when the
    /// process is gone or the file does not parse.
    static func seconds(ofProcess pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // proc(5) numbers utime and stime as fields 14 and 15, in clock ticks.
        // The split starts after the command name, at field 3, so they are at 11 and 12.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            return nil
        }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func ofSelf() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// Outcome of a run, printed as a table or as JSON.
struct BenchReport: Encodable {
    struct Latency: Encodable {
        var p50: Double
        var p90: Double
        var p99: Double
        var max: Double
        var mean: Double
    }

    var method: String
    var connections: Int
    var inFlightPerConnection: Int
    var tenants: Int
    /// Calls that ended, whatever their status.
    var calls: Int
    var ok: Int
    /// Calls that ended with another code than OK, by gRPC code name.
    var errors: [String: Int]
    var elapsedSeconds: Double
    var callsPerSecond: Double
    /// Latency of the calls that ended with OK, in milliseconds; nil when none did.
    var latencyMilliseconds: Latency?
    var clientCPUSeconds: Double
    var clientCPUMicrosecondsPerCall: Double
    var serverCPUSeconds: Double?
    var serverCPUMicrosecondsPerCall: Double?

    enum CodingKeys: String, CodingKey {
        case method, connections, tenants, calls, ok, errors
        case inFlightPerConnection = "in_flight_per_connection"
        case elapsedSeconds = "elapsed_seconds"
        case callsPerSecond = "calls_per_second"
        case latencyMilliseconds = "latency_ms"
        case clientCPUSeconds = "client_cpu_seconds"
        case clientCPUMicrosecondsPerCall = "client_cpu_us_per_call"
        case serverCPUSeconds = "server_cpu_seconds"
        case serverCPUMicrosecondsPerCall = "server_cpu_us_per_call"
    }

    /// Nearest-rank percentiles of `nanoseconds`, which this sorts.
    static func latency(_ nanoseconds: inout [UInt64]) -> Latency? {
        guard !nanoseconds.isEmpty else { return nil }
        nanoseconds.sort()
        func percentile(_ fraction: Double) -> Double {
            let rank = Int((fraction * Double(nanoseconds.count)).rounded(.up))
            return Double(nanoseconds[min(max(rank, 1), nanoseconds.count) - 1]) / 1e6
        }
        let total = nanoseconds.reduce(0.0) { $0 + Double($1) }
        return Latency(
            p50: percentile(0.50), p90: percentile(0.90), p99: percentile(0.99),
            max: Double(nanoseconds[nanoseconds.count - 1]) / 1e6,
            mean: total / Double(nanoseconds.count) / 1e6)
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain numbers, strings and dictionaries cannot fail.
        let data = try! encoder.encode(self)
        return String(decoding: data, as: UTF8.self)
    }

    func table() -> String {
        func format(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        var rows: [(String, String)] = [
            ("method", method),
            ("connections", "\(connections)"),
            ("in flight per connection", "\(inFlightPerConnection)"),
            ("tenants", "\(tenants)"),
            ("calls", "\(calls)"),
            ("ok", "\(ok)"),
            ("elapsed", "\(format(elapsedSeconds, 3)) s"),
            ("throughput", "\(format(callsPerSecond, 1)) calls/s"),
        ]
        if let latency = latencyMilliseconds {
            rows += [
                ("latency p50", "\(format(latency.p50, 3)) ms"),
                ("latency p90", "\(format(latency.p90, 3)) ms"),
                ("latency p99", "\(format(latency.p99, 3)) ms"),
                ("latency max", "\(format(latency.max, 3)) ms"),
            ]
        }
        rows.append(("client CPU", "\(format(clientCPUSeconds, 3)) s, \(format(clientCPUMicrosecondsPerCall, 1)) µs/call"))
        if let server = serverCPUSeconds, let perCall = serverCPUMicrosecondsPerCall {
            rows.append(("server CPU", "\(format(server, 3)) s, \(format(perCall, 1)) µs/call"))
        }
        for (code, count) in errors.sorted(by: { $0.key < $1.key }) {
            rows.append(("errors \(code)", "\(count)"))
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }
}
