import Glibc

/// IP address and port of a socket endpoint.
public struct SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// Numeric IPv4 or IPv6 address, without brackets.
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// "127.0.0.1:8443" for IPv4 and "[::1]:8443" for IPv6.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Decodes an AF_INET or AF_INET6 address; returns nil for other families.
    init?(storage: sockaddr_storage) {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in.self) }
            var bytes = address.sin_addr
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &bytes, &text, socklen_t(text.count)) != nil else {
                return nil
            }
            self.init(
                host: SocketAddress.decode(text), port: Int(UInt16(bigEndian: address.sin_port)))
        case AF_INET6:
            let address = withUnsafeBytes(of: &storage) { $0.load(as: sockaddr_in6.self) }
            var bytes = address.sin6_addr
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &bytes, &text, socklen_t(text.count)) != nil else {
                return nil
            }
            self.init(
                host: SocketAddress.decode(text), port: Int(UInt16(bigEndian: address.sin6_port)))
        default:
            return nil
        }
    }

    private static func decode(_ text: [CChar]) -> String {
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Returns the local address of a bound socket.
    static func local(of descriptor: Int32) -> SocketAddress? {
        query(descriptor, getsockname)
    }

    /// Returns the peer address of a connected socket.
    static func remote(of descriptor: Int32) -> SocketAddress? {
        query(descriptor, getpeername)
    }

    private static func query(
        _ descriptor: Int32,
        _ call: (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?) -> Int32
    ) -> SocketAddress? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { call(descriptor, $0, &length) }
        }
        return result == 0 ? SocketAddress(storage: storage) : nil
    }
}
