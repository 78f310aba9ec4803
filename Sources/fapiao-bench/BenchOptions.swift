import Foundation

/// RPC method that a run calls.
enum BenchMethod: String, CaseIterable {
    case health
    case issue
    case get
    case list
}

/// Settings of one run, from the command line.
struct BenchOptions {
    var method: BenchMethod = .health
    var connections = 1
    /// Calls kept in flight on each connection.
    var inFlight = 1
    /// Number of calls to complete; nil when the run is bounded by `duration`.
    var count: Int?
    /// Length of the run in seconds; nil when the run is bounded by `count`.
    var duration: Double?
    var tenants = 1
    /// Start of the names of the created tenants, which are `<prefix>-<index>`.
    var tenantPrefix = "bench-\(UUID().uuidString.prefix(8).lowercased())"
    /// Key of an existing tenant to call with, in place of creating tenants.
    var tenantKeyFile: String?
    /// Invoices issued before a get run, per tenant, which it then reads in turn.
    var getInvoices = 10
    var server = "127.0.0.1:7443"
    var keyFile = ".fapiao/admin.key"
    var caCertificate = ".fapiao/tls/dev-ca.pem"
    /// Per-call deadline in seconds.
    var timeout = 30.0
    /// Process whose CPU time during the run is reported, normally the server.
    var serverPID: Int32?
    /// Event loop threads of the client; nil for one per processor, at most one per connection.
    var threads: Int?
    var json = false

    static let usage = """
        Usage: fapiao-bench [options]

        Runs calls against a fapiao server and prints throughput, latency
        percentiles and errors by status code.

        Load:
          --method health|issue|get|list  method to call (default health)
          --connections N       TLS connections to open (default 1)
          --in-flight N         calls kept in flight on each connection (default 1)
          --count N             stop after N calls in total
          --duration SECONDS    stop starting calls after SECONDS (default 10 without --count)
          --tenants N           tenants to create and spread calls across (default 1)
          --tenant-prefix NAME  name the created tenants NAME-0, NAME-1, ... (default bench-<random>)
          --tenant-key-file FILE  call with this tenant's API key instead of creating tenants
          --get-invoices N      invoices issued per tenant before a get run (default 10)
          --timeout SECONDS     deadline of each call (default 30)
          --threads N           client event loop threads (default: processors, at most --connections)
          --server-pid PID      also report the CPU time of process PID during the run

        Connection:
          --server HOST:PORT    server address (default 127.0.0.1:7443, env FAPIAO_SERVER)
          --key-file FILE       platform operator API key, used to create tenants
                                (default .fapiao/admin.key, env FAPIAO_KEY_FILE)
          --ca-cert FILE        CA certificate that signed the server certificate
                                (default .fapiao/tls/dev-ca.pem, env FAPIAO_CA_CERT)

        Output:
          --json                print one JSON object instead of a table
        """

    /// Parses `arguments` (without the program name).
    ///
    /// - Throws: `BenchUsageError` on an unknown option or an invalid value.
    init(arguments: [String], environment: [String: String]) throws {
        if let value = environment["FAPIAO_SERVER"], !value.isEmpty { server = value }
        if let value = environment["FAPIAO_KEY_FILE"], !value.isEmpty { keyFile = value }
        if let value = environment["FAPIAO_CA_CERT"], !value.isEmpty { caCertificate = value }

        var index = 0
        func value(_ option: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw BenchUsageError("\(option) needs a value") }
            return arguments[index]
        }
        func positive(_ option: String) throws -> Int {
            let text = try value(option)
            guard let number = Int(text), number >= 1 else {
                throw BenchUsageError("invalid \(option) '\(text)': expected a whole number of at least 1")
            }
            return number
        }
        func seconds(_ option: String) throws -> Double {
            let text = try value(option)
            guard let number = Double(text), number > 0, number <= 86_400 else {
                throw BenchUsageError("invalid \(option) '\(text)': expected seconds from 0 to 86400")
            }
            return number
        }

        while index < arguments.count {
            let option = arguments[index]
            switch option {
            case "--method":
                let text = try value(option)
                guard let parsed = BenchMethod(rawValue: text) else {
                    throw BenchUsageError("invalid --method '\(text)': expected health, issue, get or list")
                }
                method = parsed
            case "--connections": connections = try positive(option)
            case "--in-flight": inFlight = try positive(option)
            case "--count": count = try positive(option)
            case "--duration": duration = try seconds(option)
            case "--tenants": tenants = try positive(option)
            case "--tenant-prefix": tenantPrefix = try value(option)
            case "--tenant-key-file": tenantKeyFile = try value(option)
            case "--get-invoices": getInvoices = try positive(option)
            case "--threads": threads = try positive(option)
            case "--timeout": timeout = try seconds(option)
            case "--server-pid":
                let text = try value(option)
                guard let pid = Int32(text), pid > 0 else {
                    throw BenchUsageError("invalid --server-pid '\(text)': expected a process id")
                }
                serverPID = pid
            case "--server": server = try value(option)
            case "--key-file": keyFile = try value(option)
            case "--ca-cert": caCertificate = try value(option)
            case "--json": json = true
            case "--help", "-h": throw BenchUsageError(nil)
            default: throw BenchUsageError("unknown option '\(option)'")
            }
            index += 1
        }
        if count != nil && duration != nil {
            throw BenchUsageError("--count and --duration exclude each other")
        }
        if count == nil && duration == nil { duration = 10 }
    }
}

/// Invalid command line. A nil message prints only the usage text.
struct BenchUsageError: Error {
    let message: String?

    init(_ message: String?) { self.message = message }
}
