import COpenSSL

/// TLS failure, with the step that failed and the OpenSSL error queue entries.
///
/// The entries are OpenSSL's error strings (from `ERR_error_string_n`) and
/// certificate verification results. They never contain key material.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// The step that failed, for example "handshake" or "load private key".
    public let operation: String
    /// OpenSSL error strings, oldest first.
    public let reasons: [String]

    public init(operation: String, reasons: [String]) {
        self.operation = operation
        self.reasons = reasons
    }

    public var description: String {
        if reasons.isEmpty {
            return "TLS \(operation) failed"
        }
        return "TLS \(operation) failed: \(reasons.joined(separator: "; "))"
    }

    /// Creates an error from the calling thread's OpenSSL error queue and
    /// empties the queue. `detail` comes first when given.
    static func fromErrorQueue(_ operation: String, detail: String? = nil) -> TLSError {
        var reasons: [String] = []
        if let detail {
            reasons.append(detail)
        }
        reasons.append(contentsOf: drainErrorQueue())
        return TLSError(operation: operation, reasons: reasons)
    }

    static func drainErrorQueue() -> [String] {
        var reasons: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 {
                break
            }
            ERR_error_string_n(code, &buffer, buffer.count)
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            reasons.append(String(decoding: bytes, as: UTF8.self))
        }
        return reasons
    }
}
