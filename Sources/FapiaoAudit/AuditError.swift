import COpenSSL

/// Failure of an audit operation: the step that failed and why.
///
/// The reasons are file names, line numbers, field names and OpenSSL error
/// strings (from `ERR_error_string_n`). They never contain key material.
public struct AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step that failed, for example "load private key" or "parse entries.jsonl".
    public let operation: String
    /// Details, most specific first, then OpenSSL error strings oldest first.
    public let reasons: [String]

    public init(operation: String, reasons: [String]) {
        self.operation = operation
        self.reasons = reasons
    }

    public var description: String {
        if reasons.isEmpty {
            return "\(operation) failed"
        }
        return "\(operation) failed: \(reasons.joined(separator: "; "))"
    }

    /// Creates an error from the calling thread's OpenSSL error queue and
    /// empties the queue. `detail` comes first when given.
    static func openSSL(_ operation: String, detail: String? = nil) -> AuditError {
        var reasons: [String] = []
        if let detail {
            reasons.append(detail)
        }
        reasons.append(contentsOf: drainOpenSSLErrorQueue())
        return AuditError(operation: operation, reasons: reasons)
    }

    private static func drainOpenSSLErrorQueue() -> [String] {
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
