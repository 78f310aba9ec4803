import FapiaoAPI
import FapiaoStore

/// Reads and writes API key records; the key text itself is never stored.
enum APIKeyStore {
    static let columns = """
        key_id, principal_id, \
        \(SQLTime.rfc3339("created_at")) AS created_at, \
        coalesce(\(SQLTime.rfc3339("expires_at")), '') AS expires_at, \
        coalesce(\(SQLTime.rfc3339("revoked_at")), '') AS revoked_at
        """

    static func insert(
        _ key: APIKey, principalID: String, expiresAt: String?, on connection: PostgresConnection
    ) throws {
        _ = try connection.queryPrepared(
            """
            INSERT INTO api_keys (tenant_id, key_id, principal_id, secret_hash, expires_at)
            VALUES ($1, $2, $3, $4, $5)
            """, [key.tenantID, key.keyID, principalID, key.secretHashByteaHex, expiresAt])
    }

    static func apiKey(_ rows: PostgresResult, _ row: Int) throws -> ApiKey {
        ApiKey(
            keyID: try rows.string(row: row, column: "key_id"),
            principalID: try rows.string(row: row, column: "principal_id"),
            createdAt: try rows.string(row: row, column: "created_at"),
            expiresAt: rows[row, "expires_at"] ?? "", revokedAt: rows[row, "revoked_at"] ?? "")
    }
}
