public import FapiaoTransport

/// The byte stream under one RPC connection, normally a `TLSConnection`.
///
/// Every member except `eventLoop` is used only on `eventLoop`'s thread.
public protocol RPCTransport: AnyObject {
    var eventLoop: EventLoop { get }
    /// Peer address, `host:port` or `[v6]:port`.
    var remoteAddress: String { get }
    /// SHA-256 of the peer's certificate in hex, when it sent one.
    var peerCertificateFingerprint: String? { get }
    /// Bytes written but not yet taken by the socket.
    var bufferedOutboundBytes: Int { get }
    func write(_ bytes: [UInt8])
    /// Stops delivering received bytes until `resumeReading()`.
    func pauseReading()
    func resumeReading()
    /// Sends what is buffered, then closes.
    func closeAfterFlush()
    func close()
}
