import FapiaoAudit
import FapiaoStore
import Foundation

/// Reads access-log rows into `AuditEntry` values, with every field written
/// the way the canonical encoding expects.
enum AccessLogEntryRow {
    /// Columns of `access_log a` that `entry(_:_:)` reads.
    static let columns = """
        a.tenant_id, a.entry_id,
        \(SQLTime.rfc3339("a.occurred_at")) AS occurred_at,
        coalesce(a.principal_id::text, '') AS principal_id, coalesce(a.principal_name, '') AS principal_name,
        coalesce(a.credential, '') AS credential, a.client_address, a.request_id, a.method,
        coalesce(a.resource_type, '') AS resource_type, coalesce(a.resource_id, '') AS resource_id,
        a.status_code, a.status_message, coalesce(a.changes::text, '') AS changes
        """

    static func entry(_ rows: PostgresResult, _ row: Int) throws -> AuditEntry {
        // seal_sequence and entry_hash are read only where the query selects them.
        func text(_ name: String) -> String {
            rows.columnIndex(named: name) == nil ? "" : rows[row, name] ?? ""
        }
        return AuditEntry(
            tenantID: text("tenant_id"), entryID: UInt64(try rows.int(row: row, column: "entry_id")),
            sealSequence: UInt64(text("seal_sequence")) ?? 0,
            time: text("occurred_at"), principalID: text("principal_id"),
            principalName: text("principal_name"), credential: text("credential"),
            clientAddress: text("client_address"), requestID: text("request_id"), method: text("method"),
            resourceType: text("resource_type"), resourceID: text("resource_id"),
            statusCode: UInt32(try rows.int(row: row, column: "status_code")),
            statusMessage: text("status_message"), changes: text("changes"),
            entryHash: text("entry_hash"))
    }

    /// RFC 3339 in UTC with microseconds, as the database writes times.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let millis = formatter.string(from: date)
        // ISO8601DateFormatter writes milliseconds; pad to microseconds.
        return millis.replacingOccurrences(of: "Z", with: "000Z")
    }
}
