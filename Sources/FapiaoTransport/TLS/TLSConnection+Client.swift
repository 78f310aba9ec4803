import Dispatch
import Synchronization

extension TLSConnection {
    /// Connects to `host:port` and performs a client TLS handshake on `loop`.
    ///
    /// `host` is an IPv4 or IPv6 literal or a name. A name is resolved on the
    /// calling thread, which blocks for the lookup, and each address is tried
    /// in turn. The server certificate is verified against the context's
    /// trusted authorities and against `context.configuration.serverName`,
    /// or `host` when that is nil.
    ///
    /// - Parameters:
    ///   - timeout: limit for TCP connect and handshake together.
    ///   - delegateFactory: called on `loop` once the handshake completes;
    ///     the returned delegate receives all data and the close.
    ///   - completion: called once on `loop` with the connection after the
    ///     handshake or with the failure: `SocketError` (connect),
    ///     `TLSError` (handshake or verification) or `TransportError`
    ///     (lookup, timeout, loop shut down).
    public static func connect(
        host: String, port: Int, context: TLSContext, loop: EventLoop,
        timeout: Duration = .seconds(10),
        delegateFactory: @escaping @Sendable (TLSConnection) -> any ConnectionDelegate,
        completion: @escaping @Sendable (Result<TLSConnection, any Error>) -> Void
    ) {
        let addresses: [ResolvedAddress]
        do {
            addresses = try ResolvedAddress.resolve(host: host, port: port, passive: false)
        } catch {
            if !loop.submit({ completion(.failure(error)) }) {
                completion(.failure(TransportError.eventLoopShutDown))
            }
            return
        }
        let submitted = loop.submit {
            let connector = TCPConnector(
                loop: loop, addresses: addresses, peerName: host, context: context,
                timeout: timeout, makeDelegate: delegateFactory, completion: completion)
            connector.start()
        }
        if !submitted {
            completion(.failure(TransportError.eventLoopShutDown))
        }
    }

    /// Connects like `connect(host:port:context:loop:timeout:delegateFactory:completion:)`
    /// and blocks the calling thread until the handshake has completed.
    ///
    /// - Precondition: not called on `loop`, which would wait for itself.
    /// - Throws: the failure that `connect` reports.
    public static func connectBlocking(
        host: String, port: Int, context: TLSContext, loop: EventLoop,
        timeout: Duration = .seconds(10),
        delegateFactory: @escaping @Sendable (TLSConnection) -> any ConnectionDelegate
    ) throws -> TLSConnection {
        precondition(!loop.inEventLoop, "connectBlocking called on the connection's own event loop")
        let outcome = Mutex<Result<TLSConnection, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        connect(
            host: host, port: port, context: context, loop: loop, timeout: timeout,
            delegateFactory: delegateFactory
        ) { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}
