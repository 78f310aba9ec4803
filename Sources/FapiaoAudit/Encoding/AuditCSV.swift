/// RFC 4180 CSV form of entries in export files: a header record, then one
/// record per entry, each ending with CR LF.
///
/// Fields that contain a comma, double quote, CR or LF are enclosed in
/// double quotes, with inner double quotes doubled. Reading accepts LF or
/// CR LF record ends and quoted line breaks, and rejects any other header,
/// field count or number syntax.
public enum AuditCSV {
    /// Column names, in order.
    public static let columns = [
        "tenant_id", "seal_sequence", "entry_id", "time", "principal_id", "principal_name",
        "credential", "client_address", "request_id", "method", "resource_type", "resource_id",
        "status_code", "status_message", "changes", "entry_hash",
    ]

    /// The header record, with its CR LF.
    public static var header: String {
        columns.joined(separator: ",") + "\r\n"
    }

    /// Encodes `entry` as one record, with its CR LF.
    public static func encode(_ entry: AuditEntry) -> String {
        let fields = [
            entry.tenantID, String(entry.sealSequence), String(entry.entryID), entry.time,
            entry.principalID, entry.principalName, entry.credential, entry.clientAddress,
            entry.requestID, entry.method, entry.resourceType, entry.resourceID,
            String(entry.statusCode), entry.statusMessage, entry.changes, entry.entryHash,
        ]
        return fields.map(quoteIfNeeded).joined(separator: ",") + "\r\n"
    }

    /// Decodes a whole CSV text: the header, then entries.
    public static func decode(_ text: String) throws -> [AuditEntry] {
        let reader = CSVRecordReader(source: ByteSource(bytes: Array(text.utf8)))
        guard let header = try reader.nextRecord() else {
            throw AuditError(operation: "parse CSV", reasons: ["the header record is missing"])
        }
        try checkHeader(header, lineNumber: reader.recordLineNumber)
        var entries: [AuditEntry] = []
        while let record = try reader.nextRecord() {
            entries.append(try decodeEntry(fields: record, lineNumber: reader.recordLineNumber))
        }
        return entries
    }

    static func checkHeader(_ fields: [String], lineNumber: Int) throws {
        guard fields == columns else {
            throw AuditError(
                operation: "parse CSV",
                reasons: [
                    "line \(lineNumber): the header must be \(columns.joined(separator: ","))"
                ])
        }
    }

    /// Decodes one record. `lineNumber` is the line on which the record starts.
    static func decodeEntry(fields: [String], lineNumber: Int) throws -> AuditEntry {
        guard fields.count == columns.count else {
            throw invalid(
                lineNumber, "expected \(columns.count) fields, found \(fields.count)")
        }
        func unsigned(_ index: Int, maximum: UInt64 = UInt64.max) throws -> UInt64 {
            let text = fields[index]
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                text == "0" || !text.hasPrefix("0")
            else {
                throw invalid(
                    lineNumber,
                    "\(columns[index]) must be an unsigned decimal integer without leading"
                        + " zeros, found \"\(text)\"")
            }
            guard let value = UInt64(text), value <= maximum else {
                throw invalid(
                    lineNumber, "\(columns[index]) is out of range: \(text) is greater than \(maximum)")
            }
            return value
        }
        return AuditEntry(
            tenantID: fields[0], entryID: try unsigned(2), sealSequence: try unsigned(1),
            time: fields[3], principalID: fields[4], principalName: fields[5],
            credential: fields[6], clientAddress: fields[7], requestID: fields[8],
            method: fields[9], resourceType: fields[10], resourceID: fields[11],
            statusCode: UInt32(try unsigned(12, maximum: UInt64(UInt32.max))),
            statusMessage: fields[13], changes: fields[14], entryHash: fields[15])
    }

    private static func invalid(_ lineNumber: Int, _ message: String) -> AuditError {
        AuditError(operation: "parse CSV entry", reasons: ["line \(lineNumber): \(message)"])
    }

    private static func quoteIfNeeded(_ field: String) -> String {
        let needsQuotes = field.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A
        }
        guard needsQuotes else { return field }
        var quoted = "\""
        for character in field {
            quoted.append(character)
            if character == "\"" {
                quoted.append("\"")
            }
        }
        quoted.append("\"")
        return quoted
    }
}
