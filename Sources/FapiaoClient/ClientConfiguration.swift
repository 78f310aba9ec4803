public import Foundation

/// Address, trust and credentials of a client connection.
public struct ClientConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// PEM file of the authority that signed the server certificate; nil
    /// trusts the system's authorities.
    public var trustedAuthorities: URL?
    /// API key sent as `authorization: Bearer <key>` on every call; nil sends none.
    public var apiKey: String?
    /// Timeout of a call that sets none itself; nil for no deadline.
    public var defaultTimeout: Duration?
    /// Time allowed for TCP connect and TLS handshake.
    public var connectTimeout: Duration
    /// PEM certificate chain and key that the client presents, for servers
    /// that authenticate by client certificate; nil presents none.
    public var certificateChain: URL?
    public var privateKey: URL?

    public init(
        host: String, port: Int, trustedAuthorities: URL? = nil, apiKey: String? = nil,
        defaultTimeout: Duration? = .seconds(30), connectTimeout: Duration = .seconds(10),
        certificateChain: URL? = nil, privateKey: URL? = nil
    ) {
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.host = host
        self.port = port
        self.trustedAuthorities = trustedAuthorities
        self.apiKey = apiKey
        self.defaultTimeout = defaultTimeout
        self.connectTimeout = connectTimeout
    }

    /// Parses `host:port`, `[v6]:port` or `host` (port 7443).
    ///
    /// - Returns: nil when the port is not a number from 1 to 65535.
    public static func parseAddress(_ address: String) -> (host: String, port: Int)? {
        var host = address
        var portText = "7443"
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]") else { return nil }
            host = String(address[address.index(after: address.startIndex)..<close])
            let rest = address[address.index(after: close)...]
            if rest.hasPrefix(":") {
                portText = String(rest.dropFirst())
            } else if !rest.isEmpty {
                return nil
            }
        } else if let colon = address.lastIndex(of: ":") {
            guard address.firstIndex(of: ":") == colon else { return (address, 7443) }
            host = String(address[..<colon])
            portText = String(address[address.index(after: colon)...])
        }
        guard !host.isEmpty, let port = Int(portText), (1...65535).contains(port) else {
            return nil
        }
        return (host, port)
    }
}
