/// Connection failure that is neither a system call error nor a TLS error.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// TCP connect and TLS handshake did not finish within the timeout.
    case handshakeTimedOut(remoteAddress: String)
    /// No address could be resolved for the host.
    case hostNotFound(host: String, reason: String)
    /// The port is outside 0...65535.
    case invalidPort(Int)
    /// The connection was closed locally before its handshake completed.
    case closedBeforeHandshake(remoteAddress: String)
    /// The connection's event loop stopped while the connection was open.
    case eventLoopShutDown

    public var description: String {
        switch self {
        case .handshakeTimedOut(let remoteAddress):
            "TLS handshake with \(remoteAddress) timed out"
        case .hostNotFound(let host, let reason):
            "host \(host) not found: \(reason)"
        case .invalidPort(let port):
            "invalid port \(port): expected 0...65535"
        case .closedBeforeHandshake(let remoteAddress):
            "connection to \(remoteAddress) closed before the TLS handshake completed"
        case .eventLoopShutDown:
            "event loop shut down while the connection was open"
        }
    }
}
