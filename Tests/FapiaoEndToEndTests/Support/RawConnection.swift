import FapiaoTransport
import FapiaoWire
import Foundation
import Synchronization

/// A TLS connection that sends arbitrary bytes and collects the frames the
/// server sends back, for tests of the protocol itself.
final class RawConnection: @unchecked Sendable, ConnectionDelegate {
    private let loop: EventLoop
    private let state = Mutex<(frames: [Frame], closed: Bool, decodeError: String?)>(([], false, nil))
    private let arrived = DispatchSemaphore(value: 0)
    private var decoder = FrameDecoder(maximumPayloadSize: 64 << 20)
    private var transport: TLSConnection?

    init(host: String, port: Int, authority: URL, protocols: [String] = ["fapiao/1"]) throws {
        loop = try EventLoop(name: "raw-client")
        let context = try TLSContext(
            configuration: .client(
                trustedAuthorities: authority, serverName: host, applicationProtocols: protocols))
        let connection = try TLSConnection.connectBlocking(
            host: host, port: port, context: context, loop: loop
        ) { [self] _ in self }
        loop.execute { [self] in transport = connection }
    }

    deinit {
        loop.shutdown()
    }

    /// Writes raw bytes.
    func send(_ bytes: [UInt8]) {
        loop.execute { [self] in transport?.write(bytes) }
    }

    func send(_ frame: Frame) {
        send(frame.encoded())
    }

    /// Waits for the next frame; nil when the connection closed or `timeout` passed first.
    func nextFrame(timeout: TimeInterval = 10) -> Frame? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let next = state.withLock { state -> (Frame?, Bool) in
                if !state.frames.isEmpty { return (state.frames.removeFirst(), false) }
                return (nil, state.closed)
            }
            if let frame = next.0 { return frame }
            if next.1 { return nil }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, arrived.wait(timeout: .now() + remaining) == .success else {
                return nil
            }
        }
    }

    /// Waits for the next frame that is not a PING.
    func nextNonPingFrame(timeout: TimeInterval = 10) -> Frame? {
        while let frame = nextFrame(timeout: timeout) {
            if frame.type != .ping { return frame }
        }
        return nil
    }

    /// Waits until the server closes the connection.
    func waitForClose(timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if state.withLock({ $0.closed }) { return true }
            _ = arrived.wait(timeout: .now() + 0.05)
        }
        return state.withLock { $0.closed }
    }

    func close() {
        loop.execute { [self] in transport?.close() }
    }

    func connection(_ connection: TLSConnection, didRead bytes: UnsafeRawBufferPointer) {
        decoder.append(bytes)
        do {
            while let event = try decoder.next() {
                if case .frame(let frame) = event {
                    state.withLock { $0.frames.append(frame) }
                    arrived.signal()
                }
            }
        } catch {
            state.withLock { $0.decodeError = "\(error)" }
        }
    }

    func connectionDidClose(_ connection: TLSConnection, error: (any Error)?) {
        state.withLock { $0.closed = true }
        arrived.signal()
    }
}
