import Dispatch
import FapiaoLogging
import FapiaoTransport
import Foundation
import Glibc
import Synchronization

/// Development certificates shared by the tests, created once per process.
enum TestCertificates {
    static let quietLogger = Logger(label: "transport-tests", sink: .memory())

    static let main: (certificateChain: URL, privateKey: URL, authority: URL) = {
        try! DevelopmentCertificates.ensure(in: makeTemporaryDirectory("main"), logger: quietLogger)
    }()

    /// A second, unrelated authority that did not sign `main`.
    static let other: (certificateChain: URL, privateKey: URL, authority: URL) = {
        try! DevelopmentCertificates.ensure(in: makeTemporaryDirectory("other"), logger: quietLogger)
    }()

    /// Removes this process's directories of `makeTemporaryDirectory` when it
    /// exits, because `main` and `other` live as long as the process.
    private static let removeDirectoriesAtExit: Void = {
        atexit {
            let prefix = "fapiao-transport-tests-\(getpid())-"
            let temporary = FileManager.default.temporaryDirectory
            let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
            for name in names where name.hasPrefix(prefix) {
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
            }
        }
    }()

    static func makeTemporaryDirectory(_ label: String) -> URL {
        _ = removeDirectoriesAtExit
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fapiao-transport-tests-\(getpid())-\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func serverContext(
        applicationProtocols: [String] = TLSConfiguration.defaultApplicationProtocols
    ) throws -> TLSContext {
        try TLSContext(
            configuration: .server(
                certificateChain: main.certificateChain, privateKey: main.privateKey,
                applicationProtocols: applicationProtocols))
    }

    static func clientContext(
        authority: URL = main.authority, serverName: String? = nil,
        applicationProtocols: [String] = TLSConfiguration.defaultApplicationProtocols
    ) throws -> TLSContext {
        try TLSContext(
            configuration: .client(
                trustedAuthorities: authority, serverName: serverName,
                applicationProtocols: applicationProtocols))
    }
}

/// Server delegate that writes back every byte it reads.
final class EchoDelegate: ConnectionDelegate {
    func connection(_ connection: TLSConnection, didRead bytes: UnsafeRawBufferPointer) {
        connection.write(contentsOf: bytes)
    }

    func connectionDidClose(_ connection: TLSConnection, error: (any Error)?) {}
}

/// Delegate that stores what it receives, readable from the test thread.
final class Collector: ConnectionDelegate, Sendable {
    private struct State {
        var received: [UInt8] = []
        var closeCount = 0
        var closeError: String?
    }

    private let state = Mutex(State())

    var received: [UInt8] { state.withLock { $0.received } }
    var receivedCount: Int { state.withLock { $0.received.count } }
    var closeCount: Int { state.withLock { $0.closeCount } }
    var closeError: String? { state.withLock { $0.closeError } }

    func connection(_ connection: TLSConnection, didRead bytes: UnsafeRawBufferPointer) {
        state.withLock { $0.received.append(contentsOf: bytes) }
    }

    func connectionDidClose(_ connection: TLSConnection, error: (any Error)?) {
        state.withLock { state in
            state.closeCount += 1
            state.closeError = error.map { "\($0)" }
        }
    }
}

/// Echo server on its own event loop group.
final class TestServer: Sendable {
    let group: EventLoopGroup
    let listener: TCPListener

    var port: Int { listener.localAddress.port }

    init(
        host: String = "127.0.0.1", context: TLSContext? = nil,
        handshakeTimeout: Duration = .seconds(10),
        delegateFactory: @escaping @Sendable (TLSConnection) -> any ConnectionDelegate = { _ in EchoDelegate() }
    ) throws {
        group = try EventLoopGroup(threads: 2)
        do {
            listener = try TCPListener.bind(
                host: host, port: 0, group: group, context: context ?? TestCertificates.serverContext(),
                handshakeTimeout: handshakeTimeout, logger: TestCertificates.quietLogger,
                delegateFactory: delegateFactory)
        } catch {
            group.shutdown()
            throw error
        }
    }

    func stop() {
        listener.stopAccepting()
        group.shutdown()
    }
}

/// Polls `condition` every 5 ms until it is true or `timeout` passes.
func waitUntil(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if condition() {
            return true
        }
        usleep(5_000)
    }
    return condition()
}

/// Runs `body` on `loop` and returns its result to the calling thread.
func onLoop<Value: Sendable>(_ loop: EventLoop, _ body: @escaping @Sendable () -> Value) -> Value {
    let result = Mutex<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    loop.execute {
        let value = body()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0! }
}

/// Returns deterministic bytes of the given length.
func patternBytes(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
}

/// Resident set size of this process in KiB, from /proc/self/status.
func residentSetKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
        return 0
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}

/// Runs a program and returns its exit status and combined output.
func runProcess(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Blocking plain TCP client for sending bytes that are not TLS.
final class RawTCPClient {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port`; reads time out after 5 seconds.
    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw SocketError(operation: "connect", code: code, address: "127.0.0.1:\(port)")
        }
    }

    deinit {
        Glibc.close(descriptor)
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the peer closes or resets the connection, and returns
    /// whether that happened before the read timeout.
    func waitForClose() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 {
                return true
            }
            if count < 0 {
                return errno == ECONNRESET
            }
        }
    }
}
