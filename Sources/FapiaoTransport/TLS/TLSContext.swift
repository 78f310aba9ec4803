import CFapiaoShims
import COpenSSL
import Foundation
import Glibc

/// OpenSSL context (SSL_CTX) built from a `TLSConfiguration`, shared by many
/// connections.
///
/// Thread rules: the SSL_CTX is fully configured in `init` and only read
/// afterwards (SSL_new takes its own reference), which OpenSSL allows from
/// any thread. That is why the class is marked Sendable.
public final class TLSContext: @unchecked Sendable {
    public let configuration: TLSConfiguration

    let handle: OpaquePointer
    /// ALPN list read by the server selection callback; freed after the SSL_CTX.
    private let serverProtocolList: UnsafeMutableRawPointer?

    /// Creates the context and loads certificates, key and trusted authorities.
    ///
    /// - Throws: `TLSError` naming the step and file that failed, for example a
    ///   missing file, a key that does not match the certificate, or an invalid
    ///   ALPN protocol name (empty or longer than 255 bytes).
    public init(configuration: TLSConfiguration) throws {
        self.configuration = configuration
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_method()) else {
            throw TLSError.fromErrorQueue("create context")
        }
        var protocolList: UnsafeMutableRawPointer?
        do {
            try TLSContext.configure(context, configuration)
            protocolList = try TLSContext.configureApplicationProtocols(context, configuration)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        handle = context
        serverProtocolList = protocolList
    }

    deinit {
        SSL_CTX_free(handle)
        fapiao_alpn_list_free(serverProtocolList)
    }

    private static func configure(
        _ context: OpaquePointer, _ configuration: TLSConfiguration
    ) throws {
        guard fapiao_ssl_ctx_apply_defaults(context) == 1 else {
            throw TLSError.fromErrorQueue("set minimum protocol version TLS 1.2")
        }
        if (configuration.certificateChain == nil) != (configuration.privateKey == nil) {
            throw TLSError(
                operation: "load certificate",
                reasons: ["certificateChain and privateKey must be given together"])
        }
        if let chain = configuration.certificateChain {
            guard SSL_CTX_use_certificate_chain_file(context, chain.path) == 1 else {
                throw TLSError.fromErrorQueue("load certificate chain", detail: chain.path)
            }
        }
        if let key = configuration.privateKey {
            guard SSL_CTX_use_PrivateKey_file(context, key.path, SSL_FILETYPE_PEM) == 1 else {
                throw TLSError.fromErrorQueue("load private key", detail: key.path)
            }
            guard SSL_CTX_check_private_key(context) == 1 else {
                throw TLSError.fromErrorQueue(
                    "check private key", detail: "\(key.path) does not match the certificate")
            }
        }
        switch configuration.role {
        case .server:
            try configureServer(context, configuration)
        case .client:
            try configureClient(context, configuration)
        }
    }

    private static func configureServer(
        _ context: OpaquePointer, _ configuration: TLSConfiguration
    ) throws {
        guard configuration.certificateChain != nil else {
            throw TLSError(
                operation: "create server context", reasons: ["certificateChain is required"])
        }
        guard let authorities = configuration.trustedAuthorities else {
            if configuration.requireClientCertificate {
                throw TLSError(
                    operation: "create server context",
                    reasons: ["requireClientCertificate needs trustedAuthorities"])
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
            return
        }
        guard SSL_CTX_load_verify_locations(context, authorities.path, nil) == 1 else {
            throw TLSError.fromErrorQueue(
                "load client certificate authorities", detail: authorities.path)
        }
        guard let names = SSL_load_client_CA_file(authorities.path) else {
            throw TLSError.fromErrorQueue(
                "read client certificate authority names", detail: authorities.path)
        }
        SSL_CTX_set_client_CA_list(context, names)
        var mode = SSL_VERIFY_PEER
        if configuration.requireClientCertificate {
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT
        }
        SSL_CTX_set_verify(context, mode, nil)
    }

    private static func configureClient(
        _ context: OpaquePointer, _ configuration: TLSConfiguration
    ) throws {
        if let authorities = configuration.trustedAuthorities {
            guard SSL_CTX_load_verify_locations(context, authorities.path, nil) == 1 else {
                throw TLSError.fromErrorQueue(
                    "load trusted certificate authorities", detail: authorities.path)
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw TLSError.fromErrorQueue("load system trust store")
            }
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
    }

    /// Installs ALPN and returns the server's list, which the context must keep alive.
    private static func configureApplicationProtocols(
        _ context: OpaquePointer, _ configuration: TLSConfiguration
    ) throws -> UnsafeMutableRawPointer? {
        guard !configuration.applicationProtocols.isEmpty else {
            return nil
        }
        var wire: [UInt8] = []
        for name in configuration.applicationProtocols {
            let bytes = Array(name.utf8)
            guard (1...255).contains(bytes.count) else {
                throw TLSError(
                    operation: "configure ALPN",
                    reasons: ["invalid protocol name \"\(name)\": expected 1 to 255 bytes"])
            }
            wire.append(UInt8(bytes.count))
            wire.append(contentsOf: bytes)
        }
        switch configuration.role {
        case .server:
            guard let list = fapiao_ssl_ctx_set_alpn_server(context, wire, UInt32(wire.count))
            else {
                throw TLSError(operation: "configure ALPN", reasons: ["out of memory"])
            }
            return list
        case .client:
            // SSL_CTX_set_alpn_protos returns 0 on success.
            guard SSL_CTX_set_alpn_protos(context, wire, UInt32(wire.count)) == 0 else {
                throw TLSError.fromErrorQueue("configure ALPN")
            }
            return nil
        }
    }

    /// Creates an SSL handle for one connection. For clients, `peerName` sets
    /// SNI and the name or IP address that the server certificate must match.
    func makeSSL(peerName: String?) throws -> OpaquePointer {
        ERR_clear_error()
        guard let ssl = SSL_new(handle) else {
            throw TLSError.fromErrorQueue("create connection")
        }
        guard configuration.role == .client else {
            SSL_set_accept_state(ssl)
            return ssl
        }
        SSL_set_connect_state(ssl)
        guard let name = configuration.serverName ?? peerName else {
            return ssl
        }
        let host =
            name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
        let parameters = SSL_get0_param(ssl)
        if TLSContext.isIPAddress(host) {
            guard X509_VERIFY_PARAM_set1_ip_asc(parameters, host) == 1 else {
                SSL_free(ssl)
                throw TLSError.fromErrorQueue("set expected server IP address", detail: host)
            }
        } else {
            X509_VERIFY_PARAM_set_hostflags(
                parameters, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard X509_VERIFY_PARAM_set1_host(parameters, host, 0) == 1,
                fapiao_ssl_set_tlsext_host_name(ssl, host) == 1
            else {
                SSL_free(ssl)
                throw TLSError.fromErrorQueue("set expected server name", detail: host)
            }
        }
        return ssl
    }

    static func isIPAddress(_ text: String) -> Bool {
        var buffer = in6_addr()
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }
}
