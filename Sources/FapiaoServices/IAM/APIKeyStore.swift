import FapiaoAPI
import FapiaoStore

/// Reads and writes API key records; the key text itself is never stored.
enum APIKeyStore {
    static let columns = """
        key_id, principal_id, \
        to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at, \
        coalesce(to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '') AS expires_at, \
        coalesce(to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '') AS revoked_at
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
