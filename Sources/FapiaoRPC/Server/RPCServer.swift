public import FapiaoLogging
public import FapiaoTransport
import FapiaoWire
import Foundation
import Synchronization

/// The RPC server: accepts TLS connections on event loops and serves calls
/// through a `MethodRouter`, with handlers on a worker pool.
///
/// Thread-safe. `start()` once, then `shutdown(grace:)` once.
public final class RPCServer: Sendable {
    /// Listening address, threads and limits.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var eventLoopThreads: Int
        public var workerThreads: Int
        public var connection: ServerConnectionConfiguration

        public init(
            host: String, port: Int, eventLoopThreads: Int, workerThreads: Int,
            connection: ServerConnectionConfiguration
        ) {
            self.host = host
            self.port = port
            self.eventLoopThreads = eventLoopThreads
            self.workerThreads = workerThreads
            self.connection = connection
        }
    }

    private struct State {
        var listener: TCPListener?
        var connections: [ObjectIdentifier: ServerConnection] = [:]
        var shuttingDown = false
    }

    public let configuration: Configuration
    private let router: MethodRouter
    private let tlsContext: TLSContext
    private let logger: Logger
    private let group: EventLoopGroup
    private let workers: WorkerPool
    private let state = Mutex(State())

    /// Creates the event loops and worker threads; nothing listens before `start()`.
    ///
    /// - Throws: `SocketError` when an event loop cannot be created.
    public init(
        configuration: Configuration, router: MethodRouter, tlsContext: TLSContext, logger: Logger
    ) throws {
        self.configuration = configuration
        self.router = router
        self.tlsContext = tlsContext
        self.logger = logger
        self.group = try EventLoopGroup(threads: configuration.eventLoopThreads)
        self.workers = WorkerPool(size: configuration.workerThreads)
    }

    /// Binds the listening socket and starts accepting.
    ///
    /// - Returns: the bound address; with port 0, it carries the port chosen.
    /// - Throws: `SocketError` when the address cannot be bound.
    @discardableResult
    public func start() throws -> SocketAddress {
        let listener = try TCPListener.bind(
            host: configuration.host, port: configuration.port, group: group, context: tlsContext,
            logger: logger
        ) { [self] transport in
            self.makeDelegate(for: transport)
        }
        state.withLock { $0.listener = listener }
        return listener.localAddress
    }

    /// Number of open client connections.
    public var connectionCount: Int { state.withLock { $0.connections.count } }

    /// Stops the server gracefully and blocks until it has stopped.
    ///
    /// Stops accepting, sends GOAWAY on every connection and waits up to
    /// `grace` for calls in flight to finish. Calls still open after that end
    /// with UNAVAILABLE. Then the connections, loops and workers stop.
    ///
    /// - Returns: the number of calls that were cut off by the grace period.
    @discardableResult
    public func shutdown(grace: Duration) -> Int {
        let (listener, connections) = state.withLock { state in
            state.shuttingDown = true
            return (state.listener, Array(state.connections.values))
        }
        listener?.stopAccepting()
        logger.info(
            "server_draining",
            ["connections": .int(connections.count), "grace_seconds": .double(grace.seconds)])
        for connection in connections {
            connection.transport.eventLoop.execute {
                connection.goAway(message: "the server is shutting down")
            }
        }
        let deadline = ContinuousClock.now.advanced(by: grace)
        while connectionCount > 0 && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let remaining = state.withLock { Array($0.connections.values) }
        let cutOff = Mutex(0)
        let done = DispatchGroup()
        for connection in remaining {
            done.enter()
            connection.transport.eventLoop.execute {
                cutOff.withLock { $0 += connection.activeCallCount }
                connection.terminate(
                    status: CallStatus(
                        code: .unavailable,
                        message: "the server shut down before the call finished; retry it"))
                done.leave()
            }
        }
        _ = done.wait(timeout: .now() + 5)
        // Give the loops a moment to flush the final frames before they stop.
        let flushDeadline = ContinuousClock.now.advanced(by: .seconds(2))
        while connectionCount > 0 && ContinuousClock.now < flushDeadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        workers.stop()
        group.shutdown()
        return cutOff.withLock { $0 }
    }

    private func makeDelegate(for transport: TLSConnection) -> any ConnectionDelegate {
        let connection = ServerConnection(
            transport: transport, router: router, workers: workers,
            configuration: configuration.connection, logger: logger
        ) { [self] closed in
            _ = state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(closed)) }
        }
        let accepted = state.withLock { state -> Bool in
            state.connections[ObjectIdentifier(connection)] = connection
            return !state.shuttingDown
        }
        if !accepted {
            transport.eventLoop.execute {
                connection.goAway(message: "the server is shutting down")
            }
        }
        return ServerConnectionDelegate(connection: connection, logger: logger)
    }
}

/// Passes a `TLSConnection`'s events to its `ServerConnection`.
final class ServerConnectionDelegate: ConnectionDelegate {
    let connection: ServerConnection
    let logger: Logger

    init(connection: ServerConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    func connection(_ transport: TLSConnection, didRead bytes: UnsafeRawBufferPointer) {
        connection.receive(bytes)
    }

    func connectionDidDrainOutbound(_ transport: TLSConnection) {
        connection.outboundDidDrain()
    }

    func connectionDidClose(_ transport: TLSConnection, error: (any Error)?) {
        if let error {
            logger.warning(
                "connection_error",
                [
                    "remote": .string(transport.remoteAddress),
                    "error": .string(String(describing: error)),
                ])
        }
        connection.transportDidClose()
    }
}

extension TLSConnection: RPCTransport {}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
