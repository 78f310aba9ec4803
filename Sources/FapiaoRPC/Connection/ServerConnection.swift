import FapiaoLogging
import FapiaoTransport
import FapiaoWire
import Foundation

/// Server side of one client connection: parses frames, opens calls, hands
/// them to handlers on the worker pool and writes their replies.
///
/// Confined to the transport's event loop, except the `CallOutput` methods,
/// which any thread may call and which hop to the loop. A frame that breaks
/// the protocol closes this connection only, after a PROTOCOL_ERROR frame.
final class ServerConnection: @unchecked Sendable, CallOutput {
    private enum CallPhase {
        /// Opened by CALL; the request message has not arrived yet.
        case awaitingRequest
        /// The handler has the call.
        case running
    }

    private struct ActiveCall {
        let route: MethodRouter.Route
        let start: CallStart
        let requestID: String
        let deadline: ContinuousClock.Instant?
        var phase: CallPhase
        var call: ServerCall?
        var deadlineTimer: TimerHandle?
        /// Ends the call when its request message does not follow the CALL in time.
        var requestTimer: TimerHandle?
        /// Size of the CALL payload, counted while the call waits for its request.
        let startBytes: Int

        func cancelTimers() {
            deadlineTimer?.cancel()
            requestTimer?.cancel()
        }
    }

    /// Time a call may wait between CALL and its request message.
    static let requestMessageTimeout: Duration = .seconds(10)
    /// CALL payload bytes of one connection's calls that wait for their request
    /// message, so that open calls without requests cannot pile up memory.
    static let maximumWaitingCallBytes = 1024 * 1024

    let transport: any RPCTransport
    private let router: MethodRouter
    private let workers: WorkerPool
    private let configuration: ServerConnectionConfiguration
    private let logger: Logger
    private let onClose: @Sendable (ServerConnection) -> Void

    private var decoder: FrameDecoder
    private var calls: [UInt32: ActiveCall] = [:]
    private var highestCallID: UInt32 = 0
    private var goingAway = false
    private var closed = false
    private var readingPaused = false
    /// Senders of stream messages waiting for the outbound buffer to drain.
    private var drainWaiters: [@Sendable () -> Void] = []

    /// Outbound bytes above which a stream's sender waits for the client to read.
    static let streamHighWaterMark = 1024 * 1024

    /// Outbound bytes above which the connection stops reading requests, so
    /// that a client that sends calls but does not read replies cannot make
    /// the server buffer without bound.
    static let outboundHighWaterMark = 8 * 1024 * 1024

    init(
        transport: any RPCTransport, router: MethodRouter, workers: WorkerPool,
        configuration: ServerConnectionConfiguration, logger: Logger,
        onClose: @escaping @Sendable (ServerConnection) -> Void
    ) {
        self.transport = transport
        self.router = router
        self.workers = workers
        self.configuration = configuration
        self.logger = logger.with(["remote": .string(transport.remoteAddress)])
        self.onClose = onClose
        self.decoder = FrameDecoder(maximumPayloadSize: configuration.maximumMessageSize)
    }

    var activeCallCount: Int { calls.count }

    // MARK: - Input from the transport

    /// Consumes received bytes; called on the loop.
    func receive(_ bytes: UnsafeRawBufferPointer) {
        guard !closed else { return }
        decoder.append(bytes)
        do {
            while !closed, let event = try decoder.next() {
                switch event {
                case .frame(let frame):
                    try handle(frame)
                case .oversized(let type, _, let callID, let length):
                    try handleOversized(type: type, callID: callID, length: length)
                }
            }
        } catch {
            protocolViolation(error)
        }
    }

    /// Cancels every open call after the transport closed. Called on the loop.
    func transportDidClose() {
        releaseDrainWaiters()
        guard !closed else { return }
        closed = true
        for (_, active) in calls {
            active.cancelTimers()
            active.call?.cancel()
        }
        calls.removeAll()
        onClose(self)
    }

    // MARK: - Shutdown

    /// Sends GOAWAY: calls opened so far finish, later ones get UNAVAILABLE.
    /// Closes the connection once no call is open. Called on the loop.
    func goAway(message: String) {
        guard !closed, !goingAway else { return }
        goingAway = true
        let payload = GoAway(lastCallID: highestCallID, code: .unavailable, message: message)
        write(Frame(type: .goAway, callID: 0, payload: payload.encoded()))
        closeIfIdleAfterGoAway()
    }

    /// Ends every open call with `status` and closes once the last status is
    /// written. A call whose handler already finished keeps its reply, which
    /// is on its way to the loop. Called on the loop.
    func terminate(status: CallStatus) {
        guard !closed else { return }
        goingAway = true
        for (callID, active) in calls {
            let handlerFinished = active.call.map { !$0.cancel() } ?? false
            guard !handlerFinished else { continue }
            active.cancelTimers()
            calls.removeValue(forKey: callID)
            writeStatus(callID: callID, status)
        }
        closeIfIdleAfterGoAway()
    }

    // MARK: - CallOutput, from any thread

    func sendMessage(callID: UInt32, _ message: [UInt8], written: @escaping @Sendable () -> Void) {
        transport.eventLoop.execute { [self] in
            guard !closed, calls[callID] != nil else {
                written()
                return
            }
            write(Frame(type: .message, callID: callID, payload: message))
            // A reader that falls behind holds up the sender instead of
            // making the server buffer a whole stream.
            if transport.bufferedOutboundBytes > ServerConnection.streamHighWaterMark {
                drainWaiters.append(written)
            } else {
                written()
            }
        }
    }

    /// Runs `body` now when already on the loop, else queues it there.
    private func onEventLoop(_ body: @escaping @Sendable () -> Void) {
        if transport.eventLoop.inEventLoop {
            body()
        } else {
            transport.eventLoop.execute(body)
        }
    }

    private func releaseDrainWaiters() {
        let waiters = drainWaiters
        drainWaiters = []
        for waiter in waiters { waiter() }
    }

    func finish(callID: UInt32, message: [UInt8]?, status: CallStatus) {
        onEventLoop { [self] in
            guard !closed, let active = calls.removeValue(forKey: callID) else { return }
            active.cancelTimers()
            if let message {
                write(Frame(type: .message, callID: callID, payload: message))
            }
            writeStatus(callID: callID, status)
            closeIfIdleAfterGoAway()
        }
    }

    func reportFailure(call: ServerCall, error: RPCError) {
        guard error.code == .internal || error.code == .unknown else { return }
        var metadata: Logger.Metadata = [
            "method": .string(call.method.path), "request_id": .string(call.requestID),
            "call_id": .int(Int(call.callID)), "code": .string(error.code.name),
            "message": .string(error.message),
        ]
        if let cause = error.cause { metadata["cause"] = .string(String(describing: cause)) }
        logger.error("call_failed", metadata)
    }

    // MARK: - Frames

    private func handle(_ frame: Frame) throws(FrameDecodingError) {
        switch frame.type {
        case .call:
            try openCall(frame)
        case .message:
            try receiveMessage(frame)
        case .cancel:
            try checkKnownCallID(frame.callID)
            cancelCall(frame.callID)
        case .ping:
            if !frame.flags.contains(.ack) {
                write(Frame(type: .ping, flags: .ack, callID: 0, payload: frame.payload))
            }
        case .status, .goAway, .protocolError:
            throw FrameDecodingError(
                code: .unexpectedFrame, message: "\(frame.type) frames are sent only by the server",
                callID: frame.callID)
        }
    }

    private func handleOversized(
        type: FrameType, callID: UInt32, length: UInt32
    ) throws(FrameDecodingError) {
        let limit = configuration.maximumMessageSize
        let status = CallStatus(
            code: .resourceExhausted,
            message: "\(type) payload of \(length) bytes exceeds the server's maximum message size"
                + " of \(limit) bytes (FAPIAO_MAX_MESSAGE_BYTES)")
        switch type {
        case .call:
            try checkNewCallID(callID)
            highestCallID = callID
            writeStatus(callID: callID, status)
        case .message:
            try checkKnownCallID(callID)
            endCall(callID, status: status)
        default:
            throw FrameDecodingError(
                code: .malformedPayload,
                message: "\(type) payload of \(length) bytes is far above its size", callID: callID)
        }
    }

    private func openCall(_ frame: Frame) throws(FrameDecodingError) {
        try checkNewCallID(frame.callID)
        highestCallID = frame.callID
        if frame.payload.count > ProtocolConstants.maximumCallStartSize {
            writeStatus(
                callID: frame.callID,
                CallStatus(
                    code: .resourceExhausted,
                    message: "CALL payload of \(frame.payload.count) bytes exceeds the maximum of"
                        + " \(ProtocolConstants.maximumCallStartSize) bytes"))
            return
        }
        let start: CallStart
        do {
            start = try CallStart.decode(frame.payload)
        } catch {
            throw FrameDecodingError(
                code: .malformedPayload, message: "CALL payload is not a fapiao.wire.v1.CallStart",
                callID: frame.callID)
        }
        if let status = admissionFailure(for: start) {
            writeStatus(callID: frame.callID, status)
            return
        }
        // Safe to force-unwrap: admissionFailure returns UNIMPLEMENTED for unknown methods.
        let route = router.route(for: start.method)!
        let timeout = min(start.timeoutMicroseconds, ProtocolConstants.maximumTimeoutMicroseconds)
        let deadline =
            timeout == 0 ? nil : ContinuousClock.now.advanced(by: .microseconds(Int64(timeout)))
        let requestID = start.metadata[Metadata.Key.requestID] ?? UUID().uuidString.lowercased()
        var active = ActiveCall(
            route: route, start: start, requestID: requestID, deadline: deadline,
            phase: .awaitingRequest, startBytes: frame.payload.count)
        let callID = frame.callID
        active.requestTimer = transport.eventLoop.scheduleTimer(
            after: ServerConnection.requestMessageTimeout
        ) { [self] in
            guard let waiting = calls[callID], waiting.phase == .awaitingRequest else { return }
            endCall(
                callID,
                status: CallStatus(
                    code: .deadlineExceeded,
                    message: "no request message arrived within"
                        + " \(ServerConnection.requestMessageTimeout) of the CALL frame"))
        }
        if timeout > 0 {
            active.deadlineTimer = transport.eventLoop.scheduleTimer(
                after: .microseconds(Int64(timeout))
            ) { [self] in
                deadlineExpired(callID: callID, timeoutMicroseconds: timeout)
            }
        }
        calls[frame.callID] = active
        if frame.flags.contains(.endStream) {
            endCall(
                frame.callID,
                status: CallStatus(
                    code: .internal, message: "the call ended without a request message"))
        }
    }

    private func admissionFailure(for start: CallStart) -> CallStatus? {
        if goingAway {
            return CallStatus(
                code: .unavailable,
                message: "the server is shutting down; retry on a new connection")
        }
        guard router.route(for: start.method) != nil else {
            return CallStatus(code: .unimplemented, message: "unknown method '\(start.method)'")
        }
        if let failure = start.metadata.validationFailure() {
            let code: StatusCode =
                start.metadata.size > Metadata.maximumSize ? .resourceExhausted : .invalidArgument
            return CallStatus(code: code, message: failure)
        }
        let waitingBytes = calls.values.reduce(0) { $0 + ($1.phase == .awaitingRequest ? $1.startBytes : 0) }
        if waitingBytes > ServerConnection.maximumWaitingCallBytes {
            return CallStatus(
                code: .resourceExhausted,
                message: "calls on this connection waiting for their request message hold more than"
                    + " \(ServerConnection.maximumWaitingCallBytes) bytes; send the requests first")
        }
        if calls.count >= configuration.maximumConcurrentCalls {
            return CallStatus(
                code: .resourceExhausted,
                message:
                    "more than \(configuration.maximumConcurrentCalls) calls open on one connection"
            )
        }
        return nil
    }

    private func receiveMessage(_ frame: Frame) throws(FrameDecodingError) {
        try checkKnownCallID(frame.callID)
        guard var active = calls[frame.callID] else { return }
        guard active.phase == .awaitingRequest else {
            endCall(
                frame.callID,
                status: CallStatus(
                    code: .internal,
                    message: "method \(active.start.method) takes one request message, got more"))
            return
        }
        let call = ServerCall(
            method: active.route.descriptor, callID: frame.callID, metadata: active.start.metadata,
            request: frame.payload, remoteAddress: transport.remoteAddress,
            peerCertificateFingerprint: transport.peerCertificateFingerprint,
            deadline: active.deadline, requestID: active.requestID, output: self)
        active.phase = .running
        active.requestTimer?.cancel()
        active.call = call
        calls[frame.callID] = active
        let handler = active.route.handler
        if active.route.runsOnEventLoop {
            handler(call)
            return
        }
        workers.submit {
            guard !call.isCancelled else { return }
            handler(call)
        }
    }

    private func cancelCall(_ callID: UInt32) {
        guard let active = calls.removeValue(forKey: callID) else { return }
        active.cancelTimers()
        active.call?.cancel()
        closeIfIdleAfterGoAway()
    }

    private func deadlineExpired(callID: UInt32, timeoutMicroseconds: UInt64) {
        guard let active = calls[callID] else { return }
        let status = CallStatus(
            code: .deadlineExceeded,
            message: timeoutMicroseconds < 1000
                ? "deadline of \(timeoutMicroseconds) µs exceeded"
                : "deadline of \(timeoutMicroseconds / 1000) ms exceeded")
        if let call = active.call {
            // The call removes itself through finish(callID:status:).
            call.expire(with: status)
        } else {
            endCall(callID, status: status)
        }
    }

    /// Ends a call that its handler may or may not hold yet.
    private func endCall(_ callID: UInt32, status: CallStatus) {
        guard let active = calls.removeValue(forKey: callID) else { return }
        active.cancelTimers()
        if let call = active.call {
            call.cancel()
        }
        writeStatus(callID: callID, status)
        closeIfIdleAfterGoAway()
    }

    private func checkNewCallID(_ callID: UInt32) throws(FrameDecodingError) {
        guard callID > highestCallID else {
            throw FrameDecodingError(
                code: .invalidCallID,
                message: "call id \(callID) is not above the previous call id \(highestCallID)",
                callID: callID)
        }
    }

    /// Frames for a call that already ended are ignored, because the client
    /// may send them before it receives the status. A call id that was never
    /// opened is a protocol violation.
    private func checkKnownCallID(_ callID: UInt32) throws(FrameDecodingError) {
        guard callID <= highestCallID else {
            throw FrameDecodingError(
                code: .unexpectedFrame, message: "call id \(callID) was never opened with CALL",
                callID: callID)
        }
    }

    // MARK: - Output

    private func protocolViolation(_ error: FrameDecodingError) {
        logger.warning(
            "protocol_error",
            [
                "code": .int(Int(error.code.rawValue)), "message": .string(error.message),
                "call_id": .int(Int(error.callID)),
            ])
        let payload = ProtocolErrorPayload(error)
        write(Frame(type: .protocolError, callID: 0, payload: payload.encoded()))
        for (_, active) in calls {
            active.cancelTimers()
            active.call?.cancel()
        }
        calls.removeAll()
        transport.closeAfterFlush()
        // Bytes that arrive before the transport closes are dropped by `receive`.
        closed = true
        onClose(self)
    }

    private func writeStatus(callID: UInt32, _ status: CallStatus) {
        write(Frame(type: .status, callID: callID, payload: status.encoded()))
    }

    private func write(_ frame: Frame) {
        transport.write(frame.encoded())
        if !readingPaused
            && transport.bufferedOutboundBytes > ServerConnection.outboundHighWaterMark
        {
            readingPaused = true
            transport.pauseReading()
        }
    }

    /// Resumes reading once the transport's outbound buffer drained. Called on the loop.
    func outboundDidDrain() {
        releaseDrainWaiters()
        guard readingPaused, !closed else { return }
        readingPaused = false
        transport.resumeReading()
    }

    private func closeIfIdleAfterGoAway() {
        if goingAway && calls.isEmpty {
            transport.closeAfterFlush()
        }
    }
}
