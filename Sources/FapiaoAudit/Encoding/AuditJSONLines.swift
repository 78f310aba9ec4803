/// JSON Lines form of entries and digests in export files: one JSON object
/// per line with sorted snake_case keys, named as in the canonical text
/// plus `entry_hash`, `digest_hash` and `signature`.
///
/// Reading is strict: unknown, duplicate or missing keys and values of the
/// wrong type are errors that name the line number.
public enum AuditJSONLines {
    private static let entrySchema = FlatJSONObject.Schema([
        ("tenant_id", .string), ("seal_sequence", .unsigned(maximum: UInt64.max)),
        ("entry_id", .unsigned(maximum: UInt64.max)), ("time", .string),
        ("principal_id", .string), ("principal_name", .string), ("credential", .string),
        ("client_address", .string), ("request_id", .string), ("method", .string),
        ("resource_type", .string), ("resource_id", .string),
        ("status_code", .unsigned(maximum: UInt64(UInt32.max))), ("status_message", .string),
        ("changes", .string), ("entry_hash", .string),
    ])

    private static let digestSchema = FlatJSONObject.Schema([
        ("tenant_id", .string), ("digest_sequence", .unsigned(maximum: UInt64.max)),
        ("first_seal_sequence", .unsigned(maximum: UInt64.max)),
        ("last_seal_sequence", .unsigned(maximum: UInt64.max)), ("entries_hash", .string),
        ("previous_digest_hash", .string), ("key_id", .string), ("created_at", .string),
        ("digest_hash", .string), ("signature", .string),
    ])

    /// Encodes `entry` as one JSON object, without the line feed.
    public static func encode(_ entry: AuditEntry) -> String {
        FlatJSONObject.encode([
            ("tenant_id", .string(entry.tenantID)), ("seal_sequence", .unsigned(entry.sealSequence)),
            ("entry_id", .unsigned(entry.entryID)), ("time", .string(entry.time)),
            ("principal_id", .string(entry.principalID)),
            ("principal_name", .string(entry.principalName)),
            ("credential", .string(entry.credential)),
            ("client_address", .string(entry.clientAddress)),
            ("request_id", .string(entry.requestID)), ("method", .string(entry.method)),
            ("resource_type", .string(entry.resourceType)),
            ("resource_id", .string(entry.resourceID)),
            ("status_code", .unsigned(UInt64(entry.statusCode))),
            ("status_message", .string(entry.statusMessage)), ("changes", .string(entry.changes)),
            ("entry_hash", .string(entry.entryHash)),
        ])
    }

    /// Encodes `digest` as one JSON object, without the line feed.
    public static func encode(_ digest: AuditDigest) -> String {
        FlatJSONObject.encode([
            ("tenant_id", .string(digest.tenantID)),
            ("digest_sequence", .unsigned(digest.digestSequence)),
            ("first_seal_sequence", .unsigned(digest.firstSealSequence)),
            ("last_seal_sequence", .unsigned(digest.lastSealSequence)),
            ("entries_hash", .string(digest.entriesHash)),
            ("previous_digest_hash", .string(digest.previousDigestHash)),
            ("key_id", .string(digest.keyID)), ("created_at", .string(digest.createdAt)),
            ("digest_hash", .string(digest.digestHash)), ("signature", .string(digest.signature)),
        ])
    }

    /// Decodes one line, without its line feed, as an entry. `lineNumber`
    /// (1-based) appears in the error.
    public static func decodeEntry(_ line: String, lineNumber: Int) throws -> AuditEntry {
        try decodeEntry(bytes: Array(line.utf8), lineNumber: lineNumber)
    }

    /// Decodes one line, without its line feed, as a digest. `lineNumber`
    /// (1-based) appears in the error.
    public static func decodeDigest(_ line: String, lineNumber: Int) throws -> AuditDigest {
        try decodeDigest(bytes: Array(line.utf8), lineNumber: lineNumber)
    }

    /// Decodes a whole JSON Lines text of entries. Every line, including
    /// the last, ends with a line feed.
    public static func decodeEntries(_ text: String) throws -> [AuditEntry] {
        try splitLines(text).enumerated().map { try decodeEntry(bytes: $1, lineNumber: $0 + 1) }
    }

    /// Decodes a whole JSON Lines text of digests. Every line, including
    /// the last, ends with a line feed.
    public static func decodeDigests(_ text: String) throws -> [AuditDigest] {
        try splitLines(text).enumerated().map { try decodeDigest(bytes: $1, lineNumber: $0 + 1) }
    }

    static func decodeEntry(bytes: [UInt8], lineNumber: Int) throws -> AuditEntry {
        let values = try decode(bytes, schema: entrySchema, record: "entry", lineNumber: lineNumber)
        var fields = FieldValues(values)
        let tenantID = fields.nextString()
        let sealSequence = fields.nextUnsigned()
        let entryID = fields.nextUnsigned()
        return AuditEntry(
            tenantID: tenantID, entryID: entryID, sealSequence: sealSequence,
            time: fields.nextString(), principalID: fields.nextString(),
            principalName: fields.nextString(), credential: fields.nextString(),
            clientAddress: fields.nextString(), requestID: fields.nextString(),
            method: fields.nextString(), resourceType: fields.nextString(),
            resourceID: fields.nextString(), statusCode: UInt32(fields.nextUnsigned()),
            statusMessage: fields.nextString(), changes: fields.nextString(),
            entryHash: fields.nextString())
    }

    static func decodeDigest(bytes: [UInt8], lineNumber: Int) throws -> AuditDigest {
        let values = try decode(
            bytes, schema: digestSchema, record: "digest", lineNumber: lineNumber)
        var fields = FieldValues(values)
        let tenantID = fields.nextString()
        let digestSequence = fields.nextUnsigned()
        let firstSealSequence = fields.nextUnsigned()
        let lastSealSequence = fields.nextUnsigned()
        let entriesHash = fields.nextString()
        let previousDigestHash = fields.nextString()
        let keyID = fields.nextString()
        let createdAt = fields.nextString()
        return AuditDigest(
            tenantID: tenantID, digestSequence: digestSequence,
            firstSealSequence: firstSealSequence, lastSealSequence: lastSealSequence,
            entriesHash: entriesHash, previousDigestHash: previousDigestHash,
            digestHash: fields.nextString(), signature: fields.nextString(), keyID: keyID,
            createdAt: createdAt)
    }

    private static func decode(
        _ bytes: [UInt8], schema: FlatJSONObject.Schema, record: String, lineNumber: Int
    ) throws -> [FlatJSONObject.Value] {
        do {
            return try FlatJSONObject.decode(bytes, schema: schema)
        } catch {
            throw AuditError(
                operation: "parse JSON Lines \(record)",
                reasons: ["line \(lineNumber): \(error.message)"])
        }
    }

    private static func splitLines(_ text: String) throws -> [[UInt8]] {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return [] }
        guard bytes.last == 0x0A else {
            throw AuditError(
                operation: "parse JSON Lines", reasons: ["the last line has no line feed"])
        }
        return bytes.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
            .map(Array.init)
    }
}

/// Cursor over decoded values in schema order. The schema guarantees each
/// value's kind, so a mismatch is a programming error.
private struct FieldValues {
    private let values: [FlatJSONObject.Value]
    private var index = 0

    init(_ values: [FlatJSONObject.Value]) {
        self.values = values
    }

    mutating func nextString() -> String {
        defer { index += 1 }
        guard case .string(let value) = values[index] else {
            preconditionFailure("schema field \(index) is not a string")
        }
        return value
    }

    mutating func nextUnsigned() -> UInt64 {
        defer { index += 1 }
        guard case .unsigned(let value) = values[index] else {
            preconditionFailure("schema field \(index) is not an unsigned integer")
        }
        return value
    }
}
