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

    /// Returns an INSERT, for a data-modifying WITH query, that writes the
    /// success entry of a call once per row of `source`. The entry's columns
    /// are the parameters `successParameters(entry)`, numbered from `first`;
    /// `resourceID` and `changes` are SQL expressions over `source`.
    static func successInsert(
        from source: String, resourceID: String, changes: String, firstParameter first: Int
    ) -> String {
        let columns = (first..<(first + 8)).map { "$\($0)" }
        return """
            INSERT INTO access_log (tenant_id, principal_id, principal_name, credential,
                client_address, request_id, method, resource_type, resource_id,
                status_code, status_message, changes)
            SELECT \(columns[0])::uuid, \(columns[1])::uuid, \(columns[2]), \(columns[3]),
                \(columns[4]), \(columns[5]), \(columns[6]), \(columns[7]), \(resourceID), 0, '',
                \(changes)
            FROM \(source)
            """
    }

    /// Returns the parameters of `successInsert`, in order.
    static func successParameters(_ entry: AccessLogEntry) -> [String?] {
        [
            entry.tenantID, entry.principalID, entry.principalName, entry.credential,
            entry.clientAddress, entry.requestID, entry.method, entry.resourceType,
        ]
    }
}
