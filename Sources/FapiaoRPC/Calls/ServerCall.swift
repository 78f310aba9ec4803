public import FapiaoWire
import Dispatch
import Synchronization

/// One call as its handler receives it: the request, its metadata and deadline,
/// and the means to reply.
///
/// Thread-safe. The first `finish` wins; later replies, and every reply after
/// the client cancelled or the deadline passed, are dropped.
public final class ServerCall: Sendable {
    public let method: MethodDescriptor
    /// Id of the call on its connection.
    public let callID: UInt32
    /// Request metadata as the client sent it.
    public let metadata: Metadata
    /// The request message, protobuf-encoded.
    public let request: [UInt8]
    /// Client address, `host:port` or `[v6]:port`.
    public let remoteAddress: String
    /// SHA-256 of the client's TLS certificate in hex, when it sent one.
    public let peerCertificateFingerprint: String?
    /// Point after which the server stops the call with DEADLINE_EXCEEDED.
    public let deadline: ContinuousClock.Instant?
    /// The client's `request-id`, or one the server generated.
    public let requestID: String

    private struct State {
        var finished = false
        var cancelled = false
        var cancelHandlers: [@Sendable () -> Void] = []
    }

    private let state = Mutex(State())
    private let output: any CallOutput

    init(
        method: MethodDescriptor, callID: UInt32, metadata: Metadata, request: [UInt8],
        remoteAddress: String, peerCertificateFingerprint: String?,
        deadline: ContinuousClock.Instant?, requestID: String, output: any CallOutput
    ) {
        self.method = method
        self.callID = callID
        self.metadata = metadata
        self.request = request
        self.remoteAddress = remoteAddress
        self.peerCertificateFingerprint = peerCertificateFingerprint
        self.deadline = deadline
        self.requestID = requestID
        self.output = output
    }

    /// True once the client cancelled, the deadline passed or the server
    /// stopped the call; a handler should stop work it can still stop.
    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Time left before the deadline; nil when the call has none.
    public var timeRemaining: Duration? {
        deadline.map { ContinuousClock.now.duration(to: $0) }
    }

    /// Sends one reply message. For a unary method, call it once, then `finish(.ok)`.
    ///
    /// Blocks while the client has not read what was sent before, once more
    /// than about 1 MiB waits on the connection, so a slow reader slows the
    /// stream down instead of growing the server's memory. Call it from the
    /// handler's worker thread, never from an event loop.
    ///
    /// - Parameter waitForReader: false sends without blocking, for small
    ///   messages sent from threads that must not wait (health updates).
    public func send(_ message: [UInt8], waitForReader: Bool = true) {
        let open = state.withLock { !$0.finished && !$0.cancelled }
        guard open else { return }
        guard waitForReader else {
            output.sendMessage(callID: callID, message) {}
            return
        }
        let written = DispatchSemaphore(value: 0)
        output.sendMessage(callID: callID, message) { written.signal() }
        let limit = timeRemaining.map { max(Duration.zero, $0) } ?? .seconds(300)
        _ = written.wait(timeout: .now() + .milliseconds(Int(limit.components.seconds * 1000)))
    }

    /// Sends the final status and ends the call.
    public func finish(_ status: CallStatus) {
        finish(message: nil, status: status)
    }

    /// Sends one reply message and status OK.
    public func respond(_ message: [UInt8]) {
        finish(message: message, status: .ok)
    }

    private func finish(message: [UInt8]?, status: CallStatus) {
        let first = state.withLock { state -> Bool in
            guard !state.finished else { return false }
            state.finished = true
            return !state.cancelled
        }
        guard first else { return }
        var status = status
        if status.trailers[Metadata.Key.requestID] == nil {
            status.trailers.add(Metadata.Key.requestID, requestID)
        }
        output.finish(callID: callID, message: message, status: status)
    }

    /// Ends the call with the status of `error` (see `RPCError.from(_:)`).
    public func fail(_ error: any Error) {
        let rpcError = RPCError.from(error)
        output.reportFailure(call: self, error: rpcError)
        finish(rpcError.status)
    }

    /// Runs `handler` once when the call is cancelled; right away if it
    /// already was.
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.cancelled { return true }
            state.cancelHandlers.append(handler)
            return false
        }
        if runNow { handler() }
    }

    /// Marks the call cancelled without sending anything and runs the cancel
    /// handlers. Returns false when it had already finished.
    @discardableResult
    func cancel() -> Bool {
        let handlers = state.withLock { state -> [@Sendable () -> Void]? in
            guard !state.cancelled && !state.finished else { return nil }
            state.cancelled = true
            defer { state.cancelHandlers = [] }
            return state.cancelHandlers
        }
        guard let handlers else { return false }
        for handler in handlers { handler() }
        return true
    }

    /// Ends the call with `status` (for example DEADLINE_EXCEEDED) and then
    /// cancels the handler's further work.
    func expire(with status: CallStatus) {
        finish(status)
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            state.cancelled = true
            defer { state.cancelHandlers = [] }
            return state.cancelHandlers
        }
        for handler in handlers { handler() }
    }
}

/// Destination of a call's replies: its connection.
protocol CallOutput: Sendable {
    /// Queues `message` and calls `written` once the connection can take more.
    func sendMessage(callID: UInt32, _ message: [UInt8], written: @escaping @Sendable () -> Void)
    /// Sends `message`, when given, and then the final status.
    func finish(callID: UInt32, message: [UInt8]?, status: CallStatus)
    func reportFailure(call: ServerCall, error: RPCError)
}
