public import Foundation

/// Settings for a `TLSContext`. TLS 1.2 is the minimum protocol version.
public struct TLSConfiguration: Sendable {
    /// End of the handshake that a context serves.
    public enum Role: Sendable {
        case server
        case client
    }

    /// ALPN protocol list used when none is given.
    public static let defaultApplicationProtocols = ["fapiao/1"]

    public var role: Role
    /// PEM file with the certificate followed by any intermediate certificates.
    /// Required for servers, optional for clients (client certificate).
    public var certificateChain: URL?
    /// PEM file with the private key of the first certificate in `certificateChain`.
    public var privateKey: URL?
    /// PEM file with the certificate authorities to trust. For a server, the
    /// authorities that may sign client certificates (nil: no client
    /// certificates are requested). For a client, the authorities that may
    /// sign the server certificate (nil: the system default trust store).
    public var trustedAuthorities: URL?
    /// Server only: reject clients that present no certificate. Requires
    /// `trustedAuthorities`.
    public var requireClientCertificate: Bool
    /// Client only: name used for SNI and certificate verification instead of
    /// the host passed to `connect`. An IP literal is checked against the
    /// certificate's IP addresses and is not sent as SNI.
    public var serverName: String?
    /// ALPN protocols in preference order. A server accepts only these and
    /// rejects a client whose ALPN list has none of them; an empty list turns
    /// ALPN off.
    public var applicationProtocols: [String]

    public init(
        role: Role, certificateChain: URL? = nil, privateKey: URL? = nil,
        trustedAuthorities: URL? = nil, requireClientCertificate: Bool = false,
        serverName: String? = nil,
        applicationProtocols: [String] = TLSConfiguration.defaultApplicationProtocols
    ) {
        self.role = role
        self.certificateChain = certificateChain
        self.privateKey = privateKey
        self.trustedAuthorities = trustedAuthorities
        self.requireClientCertificate = requireClientCertificate
        self.serverName = serverName
        self.applicationProtocols = applicationProtocols
    }

    /// Returns a server configuration.
    ///
    /// With `clientAuthorities`, the server requests a client certificate and
    /// verifies it against those authorities. With `requireClientCertificate`,
    /// a client without a certificate fails the handshake.
    public static func server(
        certificateChain: URL, privateKey: URL, clientAuthorities: URL? = nil,
        requireClientCertificate: Bool = false,
        applicationProtocols: [String] = TLSConfiguration.defaultApplicationProtocols
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .server, certificateChain: certificateChain, privateKey: privateKey,
            trustedAuthorities: clientAuthorities,
            requireClientCertificate: requireClientCertificate,
            applicationProtocols: applicationProtocols)
    }

    /// Returns a client configuration that verifies the server certificate
    /// against `trustedAuthorities` (nil: the system trust store) and the
    /// server name.
    public static func client(
        trustedAuthorities: URL?, serverName: String? = nil, certificateChain: URL? = nil,
        privateKey: URL? = nil,
        applicationProtocols: [String] = TLSConfiguration.defaultApplicationProtocols
    ) -> TLSConfiguration {
        TLSConfiguration(
            role: .client, certificateChain: certificateChain, privateKey: privateKey,
            trustedAuthorities: trustedAuthorities, serverName: serverName,
            applicationProtocols: applicationProtocols)
    }
}
