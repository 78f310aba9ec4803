import Glibc

/// Non-blocking TCP connect that tries each resolved address in turn and
/// then starts a client `TLSConnection` on the socket.
///
/// Confined to its event loop. Marked Sendable only so that its timer
/// closure, which runs on the same loop, may capture it.
final class TCPConnector: @unchecked Sendable {
    private let loop: EventLoop
    private let addresses: [ResolvedAddress]
    private let peerName: String
    private let context: TLSContext
    private let deadline: ContinuousClock.Instant
    private let makeDelegate: @Sendable (TLSConnection) -> any ConnectionDelegate
    private var completion: (@Sendable (Result<TLSConnection, any Error>) -> Void)?

    private var nextAddressIndex = 0
    private var descriptor: Int32 = -1
    private var currentAddress = ""
    private var lastError: (any Error)?
    private var timer: TimerHandle?

    init(
        loop: EventLoop, addresses: [ResolvedAddress], peerName: String, context: TLSContext,
        timeout: Duration,
        makeDelegate: @escaping @Sendable (TLSConnection) -> any ConnectionDelegate,
        completion: @escaping @Sendable (Result<TLSConnection, any Error>) -> Void
    ) {
        self.loop = loop
        self.addresses = addresses
        self.peerName = peerName
        self.context = context
        self.deadline = ContinuousClock.now.advanced(by: timeout)
        self.makeDelegate = makeDelegate
        self.completion = completion
    }

    /// Starts connecting. Must run on the loop.
    func start() {
        loop.assertInEventLoop()
        // The timer keeps the connector alive until the connect finishes.
        timer = loop.scheduleTimer(after: ContinuousClock.now.duration(to: deadline)) { [self] in
            timedOut()
        }
        connectNextAddress()
    }

    private func connectNextAddress() {
        while nextAddressIndex < addresses.count {
            let address = addresses[nextAddressIndex]
            nextAddressIndex += 1
            currentAddress = address.socketAddress?.description ?? peerName
            do {
                descriptor = try SocketOptions.makeStreamSocket(family: address.family)
            } catch {
                lastError = error
                continue
            }
            let result = address.withSockaddr { Glibc.connect(descriptor, $0, $1) }
            if result == 0 {
                startTLS()
                return
            }
            let code = errno
            if code == EINPROGRESS {
                do {
                    try loop.register(descriptor, events: [.writable], handler: self)
                    return
                } catch {
                    lastError = error
                }
            } else {
                lastError = SocketError(operation: "connect", code: code, address: currentAddress)
            }
            closeDescriptor()
        }
        finish(
            .failure(lastError ?? TransportError.hostNotFound(host: peerName, reason: "no address"))
        )
    }

    private func connectFinished() {
        loop.deregister(descriptor)
        let code = SocketOptions.pendingError(descriptor)
        if code == 0 {
            startTLS()
            return
        }
        lastError = SocketError(operation: "connect", code: code, address: currentAddress)
        closeDescriptor()
        connectNextAddress()
    }

    private func startTLS() {
        SocketOptions.disableNagle(descriptor)
        let remaining = ContinuousClock.now.duration(to: deadline)
        let remoteAddress = SocketAddress.remote(of: descriptor)?.description ?? currentAddress
        let connection: TLSConnection
        do {
            connection = try TLSConnection(
                descriptor: descriptor, remoteAddress: remoteAddress, context: context, loop: loop,
                peerName: peerName, makeDelegate: makeDelegate,
                completion: { [self] result in finish(result) })
        } catch {
            closeDescriptor()
            finish(.failure(error))
            return
        }
        // The connection owns the descriptor from here on, and its handshake
        // timer enforces the rest of the deadline. Its completion closure
        // keeps the connector alive.
        descriptor = -1
        timer?.cancel()
        timer = nil
        connection.start(handshakeTimeout: max(remaining, .zero))
    }

    private func timedOut() {
        guard completion != nil else {
            return
        }
        if descriptor >= 0 {
            loop.deregister(descriptor)
            closeDescriptor()
        }
        finish(.failure(TransportError.handshakeTimedOut(remoteAddress: currentAddress)))
    }

    private func closeDescriptor() {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
    }

    private func finish(_ result: Result<TLSConnection, any Error>) {
        timer?.cancel()
        timer = nil
        if let completion {
            self.completion = nil
            completion(result)
        }
    }
}

extension TCPConnector: EventLoopHandler {
    func handleReadable() {
        connectFinished()
    }

    func handleWritable() {
        connectFinished()
    }

    func handleLoopShutdown() {
        loop.deregister(descriptor)
        closeDescriptor()
        finish(.failure(TransportError.eventLoopShutDown))
    }
}
