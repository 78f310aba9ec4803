/// Call metadata: ordered key/value pairs sent with a CALL frame (request
/// metadata) or a STATUS frame (trailers).
///
/// Keys are lower case `[0-9a-z_.-]`. A key ending in `-bin` has an
/// arbitrary byte value; every other value is UTF-8 text. Keys beginning
/// with `grpc-` are reserved and rejected from clients.
public struct Metadata: Sendable, Equatable, Sequence {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: [UInt8]

        public init(key: String, value: [UInt8]) {
            self.key = key
            self.value = value
        }

        /// The value as text; nil for a `-bin` key or bytes that are not UTF-8.
        public var text: String? {
            guard !key.hasSuffix("-bin") else { return nil }
            return String(validating: value, as: UTF8.self)
        }
    }

    /// Keys the protocol defines.
    public enum Key {
        /// `Bearer <API key>`.
        public static let authorization = "authorization"
        /// Client-chosen id of the call, echoed in the trailers; the server
        /// generates one when absent.
        public static let requestID = "request-id"
        /// Client-chosen key that makes a retried IssueInvoice return the first result.
        public static let idempotencyKey = "idempotency-key"
        /// Trailer: seconds after which a rejected call may be retried.
        public static let retryAfter = "retry-after"
    }

    /// Upper bound on the sum of key and value lengths, in bytes (8 KiB, the
    /// usual gRPC header limit).
    public static let maximumSize = 8192

    public private(set) var entries: [Entry]

    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    public init(dictionaryLiteral pairs: [(String, String)]) {
        self.entries = pairs.map { Entry(key: $0.0, value: Array($0.1.utf8)) }
    }

    /// Appends a text entry.
    public mutating func add(_ key: String, _ value: String) {
        entries.append(Entry(key: key, value: Array(value.utf8)))
    }

    /// Replaces every entry of `key` with one text entry.
    public mutating func set(_ key: String, _ value: String) {
        entries.removeAll { $0.key == key }
        add(key, value)
    }

    /// Returns the first text value of `key`.
    public subscript(key: String) -> String? {
        entries.first { $0.key == key }?.text
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// Sum of key and value lengths in bytes.
    public var size: Int { entries.reduce(0) { $0 + $1.key.utf8.count + $1.value.count } }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Checks keys and values as the server does for request metadata.
    ///
    /// - Returns: nil when valid, otherwise a message that names the bad key.
    public func validationFailure() -> String? {
        if size > Metadata.maximumSize {
            return
                "call metadata is \(size) bytes, above the limit of \(Metadata.maximumSize) bytes"
        }
        for entry in entries {
            if let failure = Metadata.keyFailure(entry.key) { return failure }
            if !entry.key.hasSuffix("-bin") && String(validating: entry.value, as: UTF8.self) == nil
            {
                return
                    "metadata value of '\(entry.key)' is not valid UTF-8; use a key ending in -bin for binary values"
            }
        }
        return nil
    }

    static func keyFailure(_ key: String) -> String? {
        if key.isEmpty { return "metadata key is empty" }
        let allowed = key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) || byte == 0x5f
                || byte == 0x2e || byte == 0x2d
        }
        if !allowed {
            return "metadata key '\(key)' is invalid: keys use only 0-9, a-z, '_', '.' and '-'"
        }
        if key.hasPrefix("grpc-") {
            return "metadata key '\(key)' is invalid: the prefix grpc- is reserved"
        }
        return nil
    }
}
