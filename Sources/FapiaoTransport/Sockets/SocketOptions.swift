import Glibc

/// Socket option helpers shared by listeners and connections.
enum SocketOptions {
    /// Sets an integer socket option; failures are ignored because every
    /// option set here only tunes behavior.
    static func setInteger(_ descriptor: Int32, level: Int32, option: Int32, value: Int32) {
        var value = value
        _ = setsockopt(descriptor, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Disables Nagle's algorithm, because RPC frames are small and latency-bound.
    static func disableNagle(_ descriptor: Int32) {
        setInteger(descriptor, level: Int32(IPPROTO_TCP), option: TCP_NODELAY, value: 1)
    }

    /// Returns and clears the pending error of a socket, such as the result
    /// of a non-blocking connect.
    static func pendingError(_ descriptor: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &value, &length) != 0 {
            return errno
        }
        return value
    }

    /// Creates a non-blocking, close-on-exec TCP socket.
    static func makeStreamSocket(family: Int32) throws -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let descriptor = socket(family, type, Int32(IPPROTO_TCP))
        guard descriptor >= 0 else {
            throw SocketError(operation: "socket", code: errno)
        }
        return descriptor
    }
}
