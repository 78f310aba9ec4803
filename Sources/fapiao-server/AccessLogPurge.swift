import FapiaoLogging
import FapiaoServices
import FapiaoStore
import Foundation

/// The access-log retention job: `fapiao-server purge-access-log`.
///
/// It runs as the schema owner (FAPIAO_DATABASE_URL, or the embedded
/// cluster), because the server's role cannot delete log rows. It removes
/// only whole sealed ranges: the entries and seals of each digest whose
/// newest entry is older than the retention period. Digests stay, so the
/// chain of later digests still verifies, and the purge writes an entry of
/// its own, which the sealer seals like any other.
enum AccessLogPurge {
    /// Six months, the legal minimum for network logs in China.
    static let minimumRetentionDays = 183
    /// Three years.
    static let defaultRetentionDays = 1095

    /// - Returns: the number of entries removed.
    static func run(ownerURL: String, retentionDays: Int, logger: Logger) throws -> Int {
        let connection = try PostgresConnection(url: ownerURL)
        defer { connection.close() }
        let tenants = try connection.transaction { connection in
            try Database.setTenant(Database.platformTenantID, on: connection)
            return try connection.query("SELECT tenant_id FROM tenants ORDER BY tenant_id")
        }
        var removed = 0
        for row in 0..<tenants.rowCount {
            let tenantID = try tenants.string(row: row, column: "tenant_id")
            removed += try connection.transaction { connection in
                try Database.setTenant(tenantID, on: connection)
                _ = try connection.query("SELECT set_config('fapiao.retention_purge', 'on', true)")
                let digests = try connection.query(
                    """
                    SELECT s.digest_sequence FROM access_log_seals s
                    JOIN access_log a ON a.tenant_id = s.tenant_id AND a.entry_id = s.entry_id
                    WHERE s.tenant_id = $1
                    GROUP BY s.digest_sequence
                    HAVING max(a.occurred_at) < now() - make_interval(days => $2::int)
                    ORDER BY s.digest_sequence
                    """, [tenantID, String(retentionDays)])
                guard digests.rowCount > 0 else { return 0 }
                let sequences = try (0..<digests.rowCount).map {
                    try digests.string(row: $0, column: "digest_sequence")
                }
                let list = "{" + sequences.joined(separator: ",") + "}"
                let seals = try connection.query(
                    """
                    DELETE FROM access_log_seals WHERE tenant_id = $1 AND digest_sequence = ANY($2::bigint[])
                    RETURNING entry_id
                    """, [tenantID, list])
                let entryIDs = try (0..<seals.rowCount).map { try seals.string(row: $0, column: "entry_id") }
                let entries = try connection.query(
                    "DELETE FROM access_log WHERE tenant_id = $1 AND entry_id = ANY($2::bigint[])",
                    [tenantID, "{" + entryIDs.joined(separator: ",") + "}"])
                _ = try connection.query(
                    """
                    INSERT INTO access_log (tenant_id, client_address, request_id, method,
                        resource_type, resource_id, status_code, status_message, changes)
                    VALUES ($1, '', gen_random_uuid()::text, 'fapiao-server/purge-access-log',
                        'access_log', $2, 0, $3, $4::jsonb)
                    """,
                    [
                        tenantID, "digests \(sequences.first!)-\(sequences.last!)",
                        "removed \(entries.affectedRows) entries older than \(retentionDays) days",
                        #"{"entries": {"before": "\#(entries.affectedRows)", "after": "0"}}"#,
                    ])
                logger.info(
                    "access_log_purged",
                    [
                        "tenant_id": .string(tenantID), "entries": .int(entries.affectedRows),
                        "digests": .string("\(sequences.first!)-\(sequences.last!)"),
                    ])
                return entries.affectedRows
            }
        }
        return removed
    }
}
