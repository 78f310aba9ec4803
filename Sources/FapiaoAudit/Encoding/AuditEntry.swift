/// One sealed access-log entry, as `fapiao.audit.v1.AccessLogEntry` carries it.
public struct AuditEntry: Sendable, Equatable {
    /// Value of the `format` line that starts the canonical text.
    public static let canonicalFormat = "fapiao-access-log-entry-v1"

    public var tenantID: String
    /// Insertion id: increasing, with gaps where transactions rolled back.
    public var entryID: UInt64
    /// Position in the tenant's sealed sequence: 1, 2, 3, ... without gaps.
    public var sealSequence: UInt64
    /// RFC 3339 time in UTC with microseconds, for example `2026-12-04T08:01:02.123456Z`.
    public var time: String
    public var principalID: String
    public var principalName: String
    /// `api_key:<key id>` or `certificate:<fingerprint>`; empty without a valid credential.
    public var credential: String
    public var clientAddress: String
    public var requestID: String
    public var method: String
    public var resourceType: String
    public var resourceID: String
    /// gRPC status code of the outcome; 0 is OK.
    public var statusCode: UInt32
    public var statusMessage: String
    /// Before and after values of changed fields as JSON object text; empty
    /// when nothing changed.
    public var changes: String
    /// SHA-256 of `canonicalText` in lower-case hex, as the server stored it.
    /// Not part of the canonical text.
    public var entryHash: String

    public init(
        tenantID: String, entryID: UInt64, sealSequence: UInt64, time: String,
        principalID: String, principalName: String, credential: String, clientAddress: String,
        requestID: String, method: String, resourceType: String, resourceID: String,
        statusCode: UInt32, statusMessage: String, changes: String, entryHash: String = ""
    ) {
        self.tenantID = tenantID
        self.entryID = entryID
        self.sealSequence = sealSequence
        self.time = time
        self.principalID = principalID
        self.principalName = principalName
        self.credential = credential
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.method = method
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.changes = changes
        self.entryHash = entryHash
    }

    /// The UTF-8 text that `entryHash` covers: one `name=value` line per
    /// field, starting with `format=fapiao-access-log-entry-v1`, with `\`,
    /// line feed and carriage return in values escaped as `\\`, `\n` and `\r`.
    public var canonicalText: String {
        var canonical = CanonicalText(format: Self.canonicalFormat)
        canonical.append("tenant_id", tenantID)
        canonical.append("seal_sequence", sealSequence)
        canonical.append("entry_id", entryID)
        canonical.append("time", time)
        canonical.append("principal_id", principalID)
        canonical.append("principal_name", principalName)
        canonical.append("credential", credential)
        canonical.append("client_address", clientAddress)
        canonical.append("request_id", requestID)
        canonical.append("method", method)
        canonical.append("resource_type", resourceType)
        canonical.append("resource_id", resourceID)
        canonical.append("status_code", statusCode)
        canonical.append("status_message", statusMessage)
        canonical.append("changes", changes)
        return canonical.text
    }

    /// Computes the SHA-256 of the UTF-8 bytes of `canonicalText`.
    public func computeHash() -> [UInt8] {
        SHA256Hasher.hash(Array(canonicalText.utf8))
    }

    /// Computes the SHA-256 of `canonicalText` as lower-case hex, the form of `entryHash`.
    public func computeHashHex() -> String {
        Hex.encode(computeHash())
    }
}
