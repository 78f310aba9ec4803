public import FapiaoAPI
public import FapiaoTransport
public import FapiaoWire
import Foundation
import Synchronization

/// A connection to a fapiao server over TLS, carrying any number of
/// concurrent calls.
///
/// Thread-safe: calls may start from any thread. Blocking methods must not
/// run on the client's own event loop thread. Failed calls throw the
/// server's `CallStatus`; transport failures throw a `CallStatus` with
/// UNAVAILABLE.
public final class FapiaoClient: Sendable {
    public let configuration: ClientConfiguration
    private let loop: EventLoop
    private let ownsLoop: Bool
    private let connection: ClientConnection

    /// Connects and completes the TLS handshake.
    ///
    /// - Parameter loop: event loop to run the connection on; nil starts one
    ///   that the client stops in `close()`.
    /// - Throws: `ClientConnectError` when the server cannot be reached or
    ///   the handshake fails (for example an untrusted certificate).
    public init(configuration: ClientConfiguration, loop: EventLoop? = nil) throws {
        self.configuration = configuration
        if let loop {
            self.loop = loop
            self.ownsLoop = false
        } else {
            self.loop = try EventLoop(name: "fapiao-client")
            self.ownsLoop = true
        }
        let connection = ClientConnection()
        self.connection = connection
        do {
            let tls = TLSConfiguration.client(
                trustedAuthorities: configuration.trustedAuthorities,
                serverName: configuration.host, certificateChain: configuration.certificateChain,
                privateKey: configuration.privateKey)
            let context = try TLSContext(configuration: tls)
            let transport = try TLSConnection.connectBlocking(
                host: configuration.host, port: configuration.port, context: context,
                loop: self.loop, timeout: configuration.connectTimeout
            ) { _ in connection }
            self.loop.execute { connection.attach(transport) }
        } catch {
            if ownsLoop { self.loop.shutdown() }
            throw ClientConnectError(
                address: "\(configuration.host):\(configuration.port)",
                reason: String(describing: error))
        }
    }

    /// Starts a call without blocking. `onMessage` runs for each reply
    /// message and `onStatus` once at the end; both run on the event loop and
    /// must return quickly.
    ///
    /// - Returns: a handle that can cancel the call.
    @discardableResult
    public func startCall(
        method: String, request: [UInt8], metadata: Metadata = Metadata(),
        timeout: Duration? = nil,
        onMessage: @escaping @Sendable ([UInt8]) -> Void,
        onStatus: @escaping @Sendable (CallStatus) -> Void
    ) -> ClientCall {
        var metadata = metadata
        if let apiKey = configuration.apiKey, metadata[Metadata.Key.authorization] == nil {
            metadata.add(Metadata.Key.authorization, "Bearer \(apiKey)")
        }
        let limit = timeout ?? configuration.defaultTimeout
        let micros =
            limit.map {
                UInt64(
                    max(
                        1,
                        $0.components.seconds * 1_000_000 + $0.components.attoseconds
                            / 1_000_000_000_000))
            } ?? 0
        let start = CallStart(method: method, timeoutMicroseconds: micros, metadata: metadata)
        let handle = ClientCall(loop: loop, connection: connection)
        loop.execute { [connection] in
            let id = connection.startCall(
                start, request: request,
                pending: ClientConnection.PendingCall(onMessage: onMessage, onStatus: onStatus))
            handle.assign(id)
        }
        return handle
    }

    /// Runs a unary call and blocks until its reply.
    ///
    /// - Throws: `CallStatus` when the call ends with another code than OK,
    ///   or INTERNAL when the reply does not parse.
    public func call<Request: ProtobufMessage, Response: ProtobufMessage>(
        _ method: String, _ request: Request, as responseType: Response.Type,
        metadata: Metadata = Metadata(), timeout: Duration? = nil
    ) throws -> Response {
        let reply = Mutex<[UInt8]?>(nil)
        let outcome = Mutex<CallStatus?>(nil)
        let done = DispatchSemaphore(value: 0)
        startCall(
            method: method, request: request.protobufBytes(), metadata: metadata, timeout: timeout,
            onMessage: { bytes in reply.withLock { $0 = bytes } },
            onStatus: { status in
                outcome.withLock { $0 = status }
                done.signal()
            })
        done.wait()
        // Safe to force-unwrap: onStatus stored the status before signalling.
        let status = outcome.withLock { $0! }
        guard status.code == .ok else { throw status }
        guard let bytes = reply.withLock({ $0 }) else {
            throw CallStatus(code: .internal, message: "the server sent OK without a reply message")
        }
        do {
            return try Response(protobufBytes: bytes)
        } catch {
            throw CallStatus(code: .internal, message: String(describing: error))
        }
    }

    /// Runs a server-streaming call, handing each reply to `onMessage` on the
    /// calling thread, and blocks until the final status.
    ///
    /// - Throws: `CallStatus` when the call ends with another code than OK.
    public func serverStream<Request: ProtobufMessage, Response: ProtobufMessage>(
        _ method: String, _ request: Request, as responseType: Response.Type,
        metadata: Metadata = Metadata(), timeout: Duration? = nil,
        onMessage: (Response) throws -> Void
    ) throws {
        let inbox = Mutex<(messages: [[UInt8]], status: CallStatus?)>(([], nil))
        let signal = DispatchSemaphore(value: 0)
        startCall(
            method: method, request: request.protobufBytes(), metadata: metadata, timeout: timeout,
            onMessage: { bytes in
                inbox.withLock { $0.messages.append(bytes) }
                signal.signal()
            },
            onStatus: { status in
                inbox.withLock { $0.status = status }
                signal.signal()
            })
        while true {
            signal.wait()
            let (messages, status) = inbox.withLock { box in
                defer { box.messages = [] }
                return (box.messages, box.status)
            }
            for bytes in messages {
                try onMessage(try Response(protobufBytes: bytes))
            }
            if let status {
                guard status.code == .ok else { throw status }
                return
            }
        }
    }

    /// Closes the connection after pending writes, waiting up to `timeout`
    /// for the close; open calls fail with UNAVAILABLE. Call it once.
    public func close(timeout: Duration = .seconds(2)) {
        loop.execute { [connection] in connection.close() }
        let milliseconds = Int(timeout.components.seconds * 1000)
        _ = connection.didClose.wait(timeout: .now() + .milliseconds(milliseconds))
        if ownsLoop {
            loop.shutdown()
        }
    }
}

/// A call started with `FapiaoClient.startCall`.
public final class ClientCall: Sendable {
    private let loop: EventLoop
    private let connection: ClientConnection
    private let state = Mutex<(id: UInt32?, cancelRequested: Bool)>((nil, false))

    init(loop: EventLoop, connection: ClientConnection) {
        self.loop = loop
        self.connection = connection
    }

    func assign(_ id: UInt32?) {
        let cancel = state.withLock { state -> Bool in
            state.id = id
            return state.cancelRequested
        }
        if cancel, let id { connection.cancel(callID: id) }
    }

    /// Sends CANCEL; the call ends locally with CANCELLED.
    public func cancel() {
        loop.execute { [self] in
            let id = state.withLock { state -> UInt32? in
                state.cancelRequested = true
                return state.id
            }
            if let id { connection.cancel(callID: id) }
        }
    }
}

/// The client could not connect.
public struct ClientConnectError: Error, CustomStringConvertible {
    public let address: String
    public let reason: String

    public var description: String { "cannot connect to \(address): \(reason)" }
}
