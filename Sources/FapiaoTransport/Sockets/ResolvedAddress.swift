import Glibc

/// Address from getaddrinfo, ready for socket, bind and connect.
struct ResolvedAddress: Sendable {
    let family: Int32
    let storage: sockaddr_storage
    let length: socklen_t

    var socketAddress: SocketAddress? { SocketAddress(storage: storage) }

    /// Resolves `host` (an IPv4 or IPv6 literal, or a name such as "localhost")
    /// to TCP addresses in getaddrinfo order. A literal in brackets is accepted.
    ///
    /// Name lookups block the calling thread.
    ///
    /// - Throws: `TransportError.invalidPort` or `TransportError.hostNotFound`.
    static func resolve(host: String, port: Int, passive: Bool) throws -> [ResolvedAddress] {
        guard (0...65535).contains(port) else {
            throw TransportError.invalidPort(port)
        }
        var name = host
        if name.hasPrefix("[") && name.hasSuffix("]") {
            name = String(name.dropFirst().dropLast())
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &list)
        guard status == 0 else {
            throw TransportError.hostNotFound(
                host: host, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }

        var addresses: [ResolvedAddress] = []
        var current = list
        while let entry = current {
            let info = entry.pointee
            if let address = info.ai_addr, info.ai_family == AF_INET || info.ai_family == AF_INET6 {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(
                        from: UnsafeRawBufferPointer(start: address, count: Int(info.ai_addrlen)))
                }
                addresses.append(
                    ResolvedAddress(
                        family: info.ai_family, storage: storage, length: info.ai_addrlen))
            }
            current = info.ai_next
        }
        guard !addresses.isEmpty else {
            throw TransportError.hostNotFound(host: host, reason: "no IPv4 or IPv6 address")
        }
        return addresses
    }

    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), length)
        }
    }
}
