import CFapiaoShims
public import FapiaoLogging
import Glibc
import Synchronization

/// Listening TCP socket that accepts TLS connections and spreads them over
/// the loops of an `EventLoopGroup`.
///
/// Each accepted socket goes to the next loop of the group, where a server
/// `TLSConnection` performs the handshake. When the handshake completes, the
/// listener calls its delegate factory on that loop. Failed handshakes are
/// logged as `tls_handshake_failed`, at most 10 lines per second.
///
/// Thread rules: `localAddress` and `eventLoop` may be read from any thread,
/// and `stopAccepting()` may be called from any thread. All other state is
/// confined to `eventLoop`.
public final class TCPListener: @unchecked Sendable {
    /// Backlog passed to listen(2).
    static let backlog: Int32 = 1024

    /// Pause after accept fails for lack of descriptors or memory, because
    /// retrying at once would spin on the still-readable socket.
    static let acceptRetryDelay: Duration = .milliseconds(100)

    /// Address the socket is bound to, with the port chosen by the kernel
    /// when `bind` was given port 0.
    public let localAddress: SocketAddress

    /// Loop that runs the accept calls.
    public let eventLoop: EventLoop

    private let group: EventLoopGroup
    private let context: TLSContext
    private let handshakeTimeout: Duration
    private let logger: Logger
    private let makeDelegate: @Sendable (TLSConnection) -> any ConnectionDelegate
    private let failureLog = LogRateLimiter(limit: 10, interval: .seconds(1))

    // Confined to `eventLoop`.
    private var descriptor: Int32
    private var retryTimer: TimerHandle?

    /// Binds to `host:port`, starts listening and accepts on one of the
    /// group's loops until `stopAccepting()` or the loop shuts down.
    ///
    /// - Parameters:
    ///   - host: IPv4 or IPv6 literal, or a name such as "localhost". A name
    ///     that resolves to several addresses is bound to the first one that
    ///     succeeds, in getaddrinfo order.
    ///   - port: 0 lets the kernel choose a free port, reported by `localAddress`.
    ///   - context: server TLS context for accepted connections.
    ///   - handshakeTimeout: time a client has to complete the handshake.
    ///   - delegateFactory: called on the connection's loop after each
    ///     successful handshake.
    /// - Throws: `TransportError` for an invalid port or unknown host,
    ///   `SocketError` when socket, bind or listen fails.
    public static func bind(
        host: String, port: Int, group: EventLoopGroup, context: TLSContext,
        handshakeTimeout: Duration = .seconds(10), logger: Logger,
        delegateFactory: @escaping @Sendable (TLSConnection) -> any ConnectionDelegate
    ) throws -> TCPListener {
        let descriptor = try openListeningSocket(host: host, port: port)
        guard let address = SocketAddress.local(of: descriptor) else {
            let code = errno
            Glibc.close(descriptor)
            throw SocketError(operation: "getsockname", code: code)
        }
        let listener = TCPListener(
            descriptor: descriptor, localAddress: address, group: group, context: context,
            handshakeTimeout: handshakeTimeout, logger: logger, makeDelegate: delegateFactory)
        do {
            try listener.eventLoop.runAndWait {
                try listener.eventLoop.register(descriptor, events: [.readable], handler: listener)
            }
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        logger.info("listener_started", ["address": .string(address.description)])
        return listener
    }

    private init(
        descriptor: Int32, localAddress: SocketAddress, group: EventLoopGroup, context: TLSContext,
        handshakeTimeout: Duration, logger: Logger,
        makeDelegate: @escaping @Sendable (TLSConnection) -> any ConnectionDelegate
    ) {
        self.descriptor = descriptor
        self.localAddress = localAddress
        self.group = group
        self.eventLoop = group.next()
        self.context = context
        self.handshakeTimeout = handshakeTimeout
        self.logger = logger
        self.makeDelegate = makeDelegate
    }

    private static func openListeningSocket(host: String, port: Int) throws -> Int32 {
        var lastError: any Error = TransportError.hostNotFound(host: host, reason: "no address")
        for address in try ResolvedAddress.resolve(host: host, port: port, passive: true) {
            let text = address.socketAddress?.description ?? host
            let descriptor: Int32
            do {
                descriptor = try SocketOptions.makeStreamSocket(family: address.family)
            } catch {
                lastError = error
                continue
            }
            SocketOptions.setInteger(descriptor, level: SOL_SOCKET, option: SO_REUSEADDR, value: 1)
            if address.withSockaddr({ Glibc.bind(descriptor, $0, $1) }) != 0 {
                lastError = SocketError(operation: "bind", code: errno, address: text)
                Glibc.close(descriptor)
                continue
            }
            if listen(descriptor, backlog) != 0 {
                lastError = SocketError(operation: "listen", code: errno, address: text)
                Glibc.close(descriptor)
                continue
            }
            return descriptor
        }
        throw lastError
    }

    /// Closes the listening socket, so that new connections are refused.
    /// Open connections stay open. Waits for the loop unless called on it.
    /// Calling it again has no effect.
    public func stopAccepting() {
        try? eventLoop.runAndWait { self.closeListeningSocket() }
    }

    private func closeListeningSocket() {
        guard descriptor >= 0 else {
            return
        }
        retryTimer?.cancel()
        retryTimer = nil
        eventLoop.deregister(descriptor)
        Glibc.close(descriptor)
        descriptor = -1
        logger.info("listener_stopped", ["address": .string(localAddress.description)])
    }

    private func acceptConnections() {
        // Bounded so that a burst of clients cannot starve the loop's other
        // descriptors; level-triggered epoll reports the rest next time.
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let accepted = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    fapiao_accept_nonblocking(descriptor, $0, &length)
                }
            }
            guard accepted >= 0 else {
                let code = errno
                switch code {
                case EAGAIN, EWOULDBLOCK:
                    return
                case EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    pauseAccepting(code: code)
                    return
                default:
                    logger.error(
                        "accept_failed",
                        [
                            "address": .string(localAddress.description),
                            "error": .string(
                                SocketError(operation: "accept", code: code).description),
                        ])
                    return
                }
            }
            let remote = SocketAddress(storage: storage)?.description ?? "unknown"
            dispatch(accepted, remoteAddress: remote)
        }
    }

    private func pauseAccepting(code: Int32) {
        failureLog.log(
            logger, .error, "accept_paused",
            [
                "address": .string(localAddress.description),
                "error": .string(SocketError(operation: "accept", code: code).description),
                "retry_ms": .int(
                    Int(TCPListener.acceptRetryDelay.components.seconds * 1000)
                        + Int(
                            TCPListener.acceptRetryDelay.components.attoseconds
                                / 1_000_000_000_000_000)),
            ])
        eventLoop.modify(descriptor, events: [])
        retryTimer = eventLoop.scheduleTimer(after: TCPListener.acceptRetryDelay) { [self] in
            retryTimer = nil
            if descriptor >= 0 {
                eventLoop.modify(descriptor, events: [.readable])
            }
        }
    }

    private func dispatch(_ accepted: Int32, remoteAddress: String) {
        SocketOptions.disableNagle(accepted)
        let loop = group.next()
        let context = context
        let timeout = handshakeTimeout
        let makeDelegate = makeDelegate
        let logger = logger
        let failureLog = failureLog
        let submitted = loop.submit {
            let connection: TLSConnection
            do {
                connection = try TLSConnection(
                    descriptor: accepted, remoteAddress: remoteAddress, context: context,
                    loop: loop,
                    peerName: nil, makeDelegate: makeDelegate,
                    completion: { result in
                        if case .failure(let error) = result {
                            failureLog.log(
                                logger, .warning, "tls_handshake_failed",
                                [
                                    "remote_address": .string(remoteAddress),
                                    "error": .string("\(error)"),
                                ])
                        }
                    })
            } catch {
                Glibc.close(accepted)
                logger.error(
                    "connection_setup_failed",
                    ["remote_address": .string(remoteAddress), "error": .string("\(error)")])
                return
            }
            connection.start(handshakeTimeout: timeout)
        }
        if !submitted {
            Glibc.close(accepted)
        }
    }
}

extension TCPListener: EventLoopHandler {
    func handleReadable() {
        acceptConnections()
    }

    func handleWritable() {}

    func handleLoopShutdown() {
        closeListeningSocket()
    }
}
