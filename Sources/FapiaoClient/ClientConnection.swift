import FapiaoTransport
import FapiaoWire
import Foundation

/// Client side of one connection: opens calls, matches reply frames to them
/// by call id, replies to pings and handles GOAWAY.
///
/// Confined to the transport's event loop; `FapiaoClient` hops there.
final class ClientConnection: @unchecked Sendable, ConnectionDelegate {
    struct PendingCall {
        let onMessage: @Sendable ([UInt8]) -> Void
        let onStatus: @Sendable (CallStatus) -> Void
    }

    private var decoder = FrameDecoder(maximumPayloadSize: 64 * 1024 * 1024)
    private var calls: [UInt32: PendingCall] = [:]
    private var nextCallID: UInt32 = 1
    private var transport: TLSConnection?
    private var closedStatus: CallStatus?
    /// Signalled once the transport has closed.
    let didClose = DispatchSemaphore(value: 0)
    /// Set by GOAWAY: calls above this id were not processed.
    private(set) var goAwayLastCallID: UInt32?

    func attach(_ transport: TLSConnection) {
        self.transport = transport
    }

    var isUsable: Bool { closedStatus == nil && goAwayLastCallID == nil && transport != nil }

    /// Opens a call and sends its request; returns the call id, or fails the
    /// call right away when the connection cannot take it.
    @discardableResult
    func startCall(
        _ start: CallStart, request: [UInt8], pending: PendingCall
    ) -> UInt32? {
        if let closedStatus {
            pending.onStatus(closedStatus)
            return nil
        }
        if goAwayLastCallID != nil {
            pending.onStatus(
                CallStatus(code: .unavailable, message: "the server sent GOAWAY; reconnect"))
            return nil
        }
        guard let transport else {
            pending.onStatus(CallStatus(code: .unavailable, message: "not connected"))
            return nil
        }
        let callID = nextCallID
        nextCallID += 1
        calls[callID] = pending
        var bytes = Frame(type: .call, callID: callID, payload: start.encoded()).encoded()
        Frame(type: .message, flags: .endStream, callID: callID, payload: request)
            .encode(into: &bytes)
        transport.write(bytes)
        return callID
    }

    /// Sends CANCEL and fails the call locally with CANCELLED.
    func cancel(callID: UInt32) {
        guard let pending = calls.removeValue(forKey: callID) else { return }
        transport?.write(Frame(type: .cancel, callID: callID).encoded())
        pending.onStatus(CallStatus(code: .cancelled, message: "cancelled by the client"))
    }

    func ping(payload: [UInt8]) {
        transport?.write(Frame(type: .ping, callID: 0, payload: payload).encoded())
    }

    func close() {
        if let transport {
            transport.closeAfterFlush()
        } else {
            didClose.signal()
        }
    }

    // MARK: - ConnectionDelegate

    func connection(_ connection: TLSConnection, didRead bytes: UnsafeRawBufferPointer) {
        decoder.append(bytes)
        do {
            while let event = try decoder.next() {
                if case .frame(let frame) = event { handle(frame) }
            }
        } catch {
            failAll(CallStatus(code: .internal, message: "invalid frame from the server: \(error)"))
            connection.close()
        }
    }

    func connectionDidClose(_ connection: TLSConnection, error: (any Error)?) {
        let reason = error.map { "connection closed: \($0)" } ?? "connection closed by the server"
        failAll(CallStatus(code: .unavailable, message: reason))
        transport = nil
        didClose.signal()
    }

    private func handle(_ frame: Frame) {
        switch frame.type {
        case .message:
            calls[frame.callID]?.onMessage(frame.payload)
        case .status:
            guard let pending = calls.removeValue(forKey: frame.callID) else { return }
            let status =
                (try? CallStatus.decode(frame.payload))
                ?? CallStatus(code: .internal, message: "unparsable STATUS payload from the server")
            pending.onStatus(status)
        case .ping:
            if !frame.flags.contains(.ack) {
                transport?.write(
                    Frame(type: .ping, flags: .ack, callID: 0, payload: frame.payload).encoded())
            }
        case .goAway:
            let goAway = try? GoAway.decode(frame.payload)
            let last = goAway?.lastCallID ?? 0
            goAwayLastCallID = last
            let refused = calls.keys.filter { $0 > last }
            for callID in refused {
                calls.removeValue(forKey: callID)?.onStatus(
                    CallStatus(
                        code: .unavailable,
                        message:
                            "the server did not process the call (GOAWAY: \(goAway?.message ?? "")); retry it"
                    ))
            }
        case .protocolError:
            let payload = try? ProtocolErrorPayload.decode(frame.payload)
            failAll(
                CallStatus(
                    code: .internal,
                    message:
                        "the server closed the connection: protocol error \(payload?.code ?? 0):"
                        + " \(payload?.message ?? "")"))
        case .call, .cancel:
            break
        }
    }

    private func failAll(_ status: CallStatus) {
        if closedStatus == nil { closedStatus = status }
        let pending = calls
        calls.removeAll()
        for (_, call) in pending { call.onStatus(status) }
    }
}
