import FapiaoStore

/// Inserts access-log entries. The caller's transaction decides when an
/// entry commits, so a change and its entry commit together.
enum AccessLogWriter {
    /// Inserts `entry` on `connection` and returns its `entry_id`. With
    /// `committing`, COMMIT is sent with the insert.
    @discardableResult
    static func insert(
        _ entry: AccessLogEntry, committing: Bool = false, on connection: PostgresConnection
    ) throws -> Int {
        let sql = """
            INSERT INTO access_log (tenant_id, principal_id, principal_name, credential,
                client_address, request_id, method, resource_type, resource_id,
                status_code, status_message, changes)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
            RETURNING entry_id
            """
        let parameters: [String?] = [
            entry.tenantID, entry.principalID, entry.principalName, entry.credential,
            entry.clientAddress, entry.requestID, entry.method, entry.resourceType,
            entry.resourceID, String(entry.statusCode), entry.statusMessage,
            entry.changesJSON,
        ]
        let result =
            committing
            ? try connection.queryPreparedCommitting(sql, parameters)
            : try connection.queryPrepared(sql, parameters)
        return try result.int(row: 0, column: "entry_id")
    }
}
