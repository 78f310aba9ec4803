/// Receiver of a `TLSConnection`'s data and lifecycle events.
///
/// Every method runs on the connection's event loop. The connection keeps a
/// strong reference to its delegate until `connectionDidClose` has returned.
public protocol ConnectionDelegate: AnyObject {
    /// Called once, right after the handshake, before any data is delivered.
    func connectionDidBecomeActive(_ connection: TLSConnection)

    /// Delivers decrypted bytes. `bytes` is valid only during the call, so
    /// copy what must be kept.
    func connection(_ connection: TLSConnection, didRead bytes: UnsafeRawBufferPointer)

    /// Called when the outbound buffer has drained after a write had to wait
    /// for the socket, so a producer paused by back-pressure can resume.
    func connectionDidDrainOutbound(_ connection: TLSConnection)

    /// Called exactly once when the connection closes. Connections whose
    /// handshake fails never get a delegate, so they report the failure only
    /// to the listener's log or the client's completion. `error` is nil after
    /// `close()`, `closeAfterFlush()` or an orderly shutdown by the peer.
    func connectionDidClose(_ connection: TLSConnection, error: (any Error)?)
}

extension ConnectionDelegate {
    public func connectionDidBecomeActive(_ connection: TLSConnection) {}

    public func connectionDidDrainOutbound(_ connection: TLSConnection) {}
}
