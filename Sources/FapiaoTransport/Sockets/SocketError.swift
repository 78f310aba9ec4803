import Glibc

/// Failed system call on a socket or another descriptor.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The system call or step that failed, for example "bind".
    public let operation: String
    /// The errno value, or the return code of calls that return one.
    public let code: Int32
    /// The address involved, when there is one.
    public let address: String?

    public init(operation: String, code: Int32, address: String? = nil) {
        self.operation = operation
        self.code = code
        self.address = address
    }

    public var description: String {
        let reason = String(cString: strerror(code))
        if let address {
            return "\(operation) \(address) failed: \(reason) (errno \(code))"
        }
        return "\(operation) failed: \(reason) (errno \(code))"
    }
}
