import CFapiaoShims
import COpenSSL
import Glibc

/// TLS connection over a non-blocking TCP socket, driven by one event loop.
///
/// Thread rules: the connection is confined to `eventLoop`. Every property and
/// method except `eventLoop` must be used on that loop's thread. Other threads
/// submit work with `connection.eventLoop.execute { connection.write(...) }`,
/// which is why the class is marked Sendable.
///
/// Memory: the connection allocates no read buffer of its own. It reads into
/// the loop's shared buffer, OpenSSL releases its record buffers while idle
/// (SSL_MODE_RELEASE_BUFFERS), and the outbound buffer holds only unsent bytes.
public final class TLSConnection: @unchecked Sendable {
    private enum State {
        case handshaking
        case active
        /// close_notify sent after `closeAfterFlush()`, waiting for the peer to close.
        case draining
        case closed
    }

    /// Maximum number of TLS records read per readiness event before other
    /// connections of the loop get their turn.
    private static let maxRecordsPerRead = 16

    /// Maximum time to wait for the peer to close after `closeAfterFlush()`
    /// has sent everything.
    private static let drainTimeout: Duration = .seconds(5)

    /// The loop that owns this connection. Safe to read from any thread.
    public let eventLoop: EventLoop

    /// Peer address, "127.0.0.1:54321" or "[::1]:54321".
    public let remoteAddress: String

    /// SHA-256 of the peer certificate's DER encoding as lowercase hex, or nil
    /// when the peer sent no certificate. Set when the handshake completes.
    public private(set) var peerCertificateFingerprint: String?

    /// Protocol agreed by ALPN, or nil when either side sent no ALPN.
    public private(set) var applicationProtocol: String?

    /// Negotiated protocol version, for example "TLSv1.3".
    public private(set) var tlsVersion: String?

    /// Bytes accepted by `write` that OpenSSL has not yet taken.
    public var bufferedOutboundBytes: Int { outbound.byteCount }

    /// Whether the handshake has completed and no close has started.
    public var isActive: Bool { state == .active && !closeAfterFlushRequested }

    private let descriptor: Int32
    private let context: TLSContext
    private var ssl: OpaquePointer?
    private var state = State.handshaking
    private var delegate: (any ConnectionDelegate)?
    private var makeDelegate: (@Sendable (TLSConnection) -> any ConnectionDelegate)?
    private var completion: ((Result<TLSConnection, any Error>) -> Void)?
    private var outbound = OutboundBuffer()
    private var registeredEvents: IOEvents = []
    private var isRegistered = false
    private var timer: TimerHandle?

    private var handshakeWantsWritable = false
    private var writeWantsWritable = false
    private var writeWantsReadable = false
    private var readWantsWritable = false
    private var shutdownWantsWritable = false
    private var readingPaused = false
    private var closeAfterFlushRequested = false
    private var deliveringReads = false
    /// Set after a fatal OpenSSL error, after which SSL_shutdown must not be called.
    private var sslFailed = false

    /// Wraps a connected socket. `start(handshakeTimeout:)` must follow on the loop.
    ///
    /// - Parameters:
    ///   - peerName: for clients, the host that the server certificate must match.
    ///   - makeDelegate: called on the loop once the handshake completes.
    ///   - completion: called on the loop with the connection after the
    ///     handshake, or with the error if the handshake fails.
    init(
        descriptor: Int32, remoteAddress: String, context: TLSContext, loop: EventLoop,
        peerName: String?,
        makeDelegate: @escaping @Sendable (TLSConnection) -> any ConnectionDelegate,
        completion: ((Result<TLSConnection, any Error>) -> Void)?
    ) throws {
        let ssl = try context.makeSSL(peerName: peerName)
        guard SSL_set_fd(ssl, descriptor) == 1 else {
            SSL_free(ssl)
            throw TLSError.fromErrorQueue("attach socket")
        }
        self.descriptor = descriptor
        self.remoteAddress = remoteAddress
        self.context = context
        self.eventLoop = loop
        self.ssl = ssl
        self.makeDelegate = makeDelegate
        self.completion = completion
    }

    deinit {
        if let ssl {
            SSL_free(ssl)
        }
    }

    /// Registers the socket and starts the handshake. Closes the connection
    /// with `TransportError.handshakeTimedOut` if it has not completed in time.
    func start(handshakeTimeout: Duration) {
        eventLoop.assertInEventLoop()
        do {
            try eventLoop.register(descriptor, events: [.readable], handler: self)
            registeredEvents = [.readable]
            isRegistered = true
        } catch {
            closeNow(error: error)
            return
        }
        timer = eventLoop.scheduleTimer(after: handshakeTimeout) { [weak self] in
            self?.handshakeTimedOut()
        }
        advanceHandshake()
    }

    // MARK: - Public operations (loop thread only)

    /// Queues `bytes` and sends as much as the socket accepts now.
    ///
    /// Writes made while the delegate is handling `didRead` are sent together
    /// when it returns. Writes before the handshake completes are sent after it.
    /// Writes after `close()` or `closeAfterFlush()` are ignored.
    public func write(_ bytes: [UInt8]) {
        eventLoop.assertInEventLoop()
        guard acceptsWrites else {
            return
        }
        outbound.append(bytes)
        flushIfPossible()
    }

    /// Copies `bytes` into the outbound buffer and sends as with `write(_:)`.
    public func write(contentsOf bytes: UnsafeRawBufferPointer) {
        eventLoop.assertInEventLoop()
        guard acceptsWrites else {
            return
        }
        outbound.append(bytes)
        flushIfPossible()
    }

    /// Closes the connection now and discards unsent bytes. Sends close_notify
    /// if the socket accepts it without waiting. The delegate gets
    /// `connectionDidClose(_:error:)` with a nil error. Has no effect on a
    /// closed connection.
    public func close() {
        eventLoop.assertInEventLoop()
        closeNow(error: nil)
    }

    /// Sends all queued bytes, then close_notify, then closes once the peer
    /// has closed or 5 seconds have passed.
    ///
    /// Bytes read after this call are discarded, but the socket is still read
    /// so that unread data does not make the kernel reset the connection
    /// before the peer has read everything.
    public func closeAfterFlush() {
        eventLoop.assertInEventLoop()
        guard acceptsWrites else {
            return
        }
        closeAfterFlushRequested = true
        flushIfPossible()
    }

    /// Stops reading from the socket until `resumeReading()`, so that a slow
    /// consumer can apply back-pressure to the peer.
    ///
    /// NOTE: when the socket reports hang-up or an error while paused, the
    /// connection reads anyway so that it can close instead of spinning.
    public func pauseReading() {
        eventLoop.assertInEventLoop()
        readingPaused = true
        updateInterest()
    }

    /// Resumes reading after `pauseReading()`. Bytes OpenSSL has already
    /// decrypted are delivered in a later loop iteration.
    public func resumeReading() {
        eventLoop.assertInEventLoop()
        guard readingPaused else {
            return
        }
        readingPaused = false
        updateInterest()
        eventLoop.execute { [self] in
            if state == .active && !readingPaused {
                readAvailable(ignoringPause: false)
            }
        }
    }

    // MARK: - Handshake

    private func advanceHandshake() {
        guard state == .handshaking, let ssl else {
            return
        }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            completeHandshake(ssl)
            return
        }
        let code = SSL_get_error(ssl, result)
        switch code {
        case SSL_ERROR_WANT_READ:
            handshakeWantsWritable = false
            updateInterest()
        case SSL_ERROR_WANT_WRITE:
            handshakeWantsWritable = true
            updateInterest()
        default:
            closeNow(
                error: failure(
                    code: code, result: result, operation: "handshake with \(remoteAddress)"))
        }
    }

    private func completeHandshake(_ ssl: OpaquePointer) {
        timer?.cancel()
        timer = nil
        state = .active
        handshakeWantsWritable = false
        recordSessionDetails(ssl)

        // Taken first, so that a close from the callbacks below cannot report
        // a failure for a handshake that succeeded.
        let completion = self.completion
        self.completion = nil
        if let makeDelegate {
            self.makeDelegate = nil
            delegate = makeDelegate(self)
        }
        delegate?.connectionDidBecomeActive(self)
        completion?(.success(self))
        guard state == .active else {
            return
        }
        flush()
        if state == .active {
            // The handshake may have left application data in OpenSSL's buffers.
            readAvailable(ignoringPause: false)
        }
    }

    private func recordSessionDetails(_ ssl: OpaquePointer) {
        tlsVersion = String(cString: SSL_get_version(ssl))

        var protocolBytes: UnsafePointer<UInt8>?
        var protocolLength: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &protocolBytes, &protocolLength)
        if let protocolBytes, protocolLength > 0 {
            let bytes = UnsafeBufferPointer(start: protocolBytes, count: Int(protocolLength))
            applicationProtocol = String(decoding: bytes, as: UTF8.self)
        }

        if let certificate = SSL_get1_peer_certificate(ssl) {
            defer { X509_free(certificate) }
            var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var digestLength: UInt32 = 0
            if X509_digest(certificate, EVP_sha256(), &digest, &digestLength) == 1 {
                peerCertificateFingerprint = digest.prefix(Int(digestLength))
                    .map { byte in
                        let hex = String(byte, radix: 16)
                        return byte < 16 ? "0" + hex : hex
                    }
                    .joined()
            }
        }
    }

    private func handshakeTimedOut() {
        if state == .handshaking {
            closeNow(error: TransportError.handshakeTimedOut(remoteAddress: remoteAddress))
        }
    }

    // MARK: - Reading

    private func readAvailable(ignoringPause: Bool) {
        guard let ssl else {
            return
        }
        let buffer = eventLoop.readBuffer
        let capacity = Int32(clamping: buffer.count)
        var records = 0
        deliveringReads = true
        reading: while state == .active {
            if readingPaused && !ignoringPause {
                break
            }
            ERR_clear_error()
            let result = SSL_read(ssl, buffer.baseAddress, capacity)
            if result > 0 {
                if !closeAfterFlushRequested {
                    let bytes = UnsafeRawBufferPointer(
                        start: buffer.baseAddress, count: Int(result))
                    delegate?.connection(self, didRead: bytes)
                    // The delegate may have closed the connection, which frees `ssl`.
                    guard state == .active else {
                        break
                    }
                }
                records += 1
                // Level-triggered epoll reports the socket again, but bytes
                // already inside OpenSSL must be read before yielding.
                if records >= TLSConnection.maxRecordsPerRead && SSL_has_pending(ssl) == 0 {
                    break
                }
                continue
            }
            let code = SSL_get_error(ssl, result)
            switch code {
            case SSL_ERROR_WANT_READ:
                break reading
            case SSL_ERROR_WANT_WRITE:
                readWantsWritable = true
                break reading
            case SSL_ERROR_ZERO_RETURN:
                // The peer sent close_notify: an orderly close.
                closeNow(error: nil)
            default:
                closeNow(
                    error: failure(
                        code: code, result: result, operation: "read from \(remoteAddress)"))
            }
        }
        deliveringReads = false
        if state == .active {
            flush()
        }
        updateInterest()
    }

    // MARK: - Writing

    private var acceptsWrites: Bool {
        (state == .handshaking || state == .active) && !closeAfterFlushRequested
    }

    private func flushIfPossible() {
        // A pending retry waits for its readiness event, and writes during
        // `didRead` wait until the read loop ends.
        if state == .active && !deliveringReads && !writeWantsWritable && !writeWantsReadable {
            flush()
        }
    }

    /// Hands queued bytes to SSL_write until the queue is empty or the socket
    /// is full, then starts the close if `closeAfterFlush()` was called.
    private func flush() {
        guard state == .active, let ssl else {
            return
        }
        let wasWaiting = writeWantsWritable || writeWantsReadable
        writeWantsWritable = false
        writeWantsReadable = false
        while true {
            ERR_clear_error()
            let written = outbound.withFrontBytes { bytes in
                SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
            }
            guard let written else {
                break
            }
            if written > 0 {
                outbound.consume(Int(written))
                continue
            }
            let code = SSL_get_error(ssl, written)
            switch code {
            case SSL_ERROR_WANT_WRITE:
                writeWantsWritable = true
            case SSL_ERROR_WANT_READ:
                writeWantsReadable = true
            default:
                closeNow(
                    error: failure(
                        code: code, result: written, operation: "write to \(remoteAddress)"))
                return
            }
            updateInterest()
            return
        }
        updateInterest()
        if closeAfterFlushRequested {
            beginDraining()
        } else if wasWaiting {
            delegate?.connectionDidDrainOutbound(self)
        }
    }

    // MARK: - Closing

    private func beginDraining() {
        state = .draining
        timer = eventLoop.scheduleTimer(after: TLSConnection.drainTimeout) { [weak self] in
            self?.closeNow(error: nil)
        }
        sendCloseNotify()
    }

    private func sendCloseNotify() {
        guard state == .draining, let ssl else {
            return
        }
        ERR_clear_error()
        let result = SSL_shutdown(ssl)
        if result < 0 && SSL_get_error(ssl, result) == SSL_ERROR_WANT_WRITE {
            shutdownWantsWritable = true
            updateInterest()
            return
        }
        ERR_clear_error()
        shutdownWantsWritable = false
        // The FIN also ends the stream for peers that ignore close_notify.
        _ = Glibc.shutdown(descriptor, Int32(SHUT_WR))
        updateInterest()
    }

    /// Reads and discards until the peer closes, then closes.
    private func drainInbound() {
        guard let ssl else {
            return
        }
        let buffer = eventLoop.readBuffer
        while state == .draining {
            ERR_clear_error()
            let result = SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
            if result > 0 {
                continue
            }
            let code = SSL_get_error(ssl, result)
            if code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE {
                return
            }
            // close_notify, EOF or an error: this side started the close, so
            // each of them ends it without an error.
            ERR_clear_error()
            sslFailed = code != SSL_ERROR_ZERO_RETURN
            closeNow(error: nil)
        }
    }

    private func closeNow(error: (any Error)?) {
        guard state != .closed else {
            return
        }
        let handshakeFinished = state != .handshaking
        state = .closed
        timer?.cancel()
        timer = nil
        if let ssl {
            if handshakeFinished && !sslFailed {
                ERR_clear_error()
                _ = SSL_shutdown(ssl)
            }
            ERR_clear_error()
            SSL_free(ssl)
            self.ssl = nil
        }
        if isRegistered {
            eventLoop.deregister(descriptor)
        }
        Glibc.close(descriptor)
        outbound.removeAll()
        makeDelegate = nil

        if let completion {
            self.completion = nil
            completion(
                .failure(
                    error ?? TransportError.closedBeforeHandshake(remoteAddress: remoteAddress)))
        }
        let delegate = self.delegate
        self.delegate = nil
        delegate?.connectionDidClose(self, error: error)
    }

    /// Builds the error for a failed SSL call and marks the session unusable.
    private func failure(code: Int32, result: Int32, operation: String) -> TLSError {
        let systemError = errno
        sslFailed = true
        var detail: String?
        if let ssl {
            let verification = SSL_get_verify_result(ssl)
            if verification != Int(X509_V_OK) {
                detail =
                    "certificate verification failed: "
                    + String(cString: X509_verify_cert_error_string(verification))
            }
        }
        if code == SSL_ERROR_SYSCALL {
            let reasons = TLSError.drainErrorQueue()
            if !reasons.isEmpty {
                return TLSError(operation: operation, reasons: [detail].compactMap { $0 } + reasons)
            }
            let reason =
                systemError == 0 || result == 0
                ? "connection closed by peer" : String(cString: strerror(systemError))
            return TLSError(operation: operation, reasons: [detail, reason].compactMap { $0 })
        }
        return TLSError.fromErrorQueue(operation, detail: detail)
    }

    // MARK: - Interest

    private func updateInterest() {
        var events: IOEvents = []
        switch state {
        case .handshaking:
            // Waiting for readable too while the handshake needs to write
            // would spin on level-triggered data that it cannot process yet.
            events = handshakeWantsWritable ? [.writable] : [.readable]
        case .active:
            if !readingPaused || writeWantsReadable {
                events.insert(.readable)
            }
            if writeWantsWritable || readWantsWritable {
                events.insert(.writable)
            }
        case .draining:
            events = shutdownWantsWritable ? [.readable, .writable] : [.readable]
        case .closed:
            return
        }
        if events != registeredEvents {
            eventLoop.modify(descriptor, events: events)
            registeredEvents = events
        }
    }
}

extension TLSConnection: EventLoopHandler {
    func handleReadable() {
        switch state {
        case .handshaking:
            advanceHandshake()
        case .active:
            let hangUpWhilePaused = readingPaused && !writeWantsReadable
            if writeWantsReadable {
                flush()
            }
            if state == .active {
                readAvailable(ignoringPause: hangUpWhilePaused)
            }
        case .draining:
            drainInbound()
        case .closed:
            break
        }
    }

    func handleWritable() {
        switch state {
        case .handshaking:
            advanceHandshake()
        case .active:
            if readWantsWritable {
                readWantsWritable = false
                readAvailable(ignoringPause: false)
            }
            if writeWantsWritable {
                flush()
            }
            updateInterest()
        case .draining:
            sendCloseNotify()
        case .closed:
            break
        }
    }

    func handleLoopShutdown() {
        closeNow(error: TransportError.eventLoopShutDown)
    }
}
