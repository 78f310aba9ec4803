import FapiaoRPC
import FapiaoStore
import FapiaoWire

/// Finds the principal behind the `authorization: Bearer <API key>` metadata.
///
/// Every check runs on each call, so a revoked key, a disabled principal or
/// an expired key fails from the next call on.
struct Authenticator: Sendable {
    /// Why a call was not authenticated. The client sees one message for
    /// every wrong-key case, so that it learns nothing about which keys exist.
    enum Failure: Error, RPCErrorConvertible {
        case missingCredential
        case malformedHeader
        case invalidKey(keyID: String?)
        case tenantSuspended(Principal)

        var rpcError: RPCError {
            switch self {
            case .missingCredential:
                RPCError(
                    .unauthenticated,
                    "missing credential: send the metadata 'authorization: Bearer <API key>'")
            case .malformedHeader:
                RPCError(
                    .unauthenticated,
                    "invalid authorization metadata: expected 'Bearer <API key>'")
            case .invalidKey:
                RPCError(.unauthenticated, "invalid API key: unknown, revoked or expired")
            case .tenantSuspended:
                RPCError(.failedPrecondition, "tenant suspended")
            }
        }

        /// Key id the client presented, for the access log; never the secret.
        var presentedKeyID: String? {
            if case .invalidKey(let keyID) = self { return keyID }
            return nil
        }
    }

    /// - Throws: `Failure`, or `PostgresError` when the lookup fails.
    func authenticate(_ metadata: Metadata, database: Database, call: ServerCall) throws -> Principal {
        guard let header = metadata[Metadata.Key.authorization] else {
            throw Failure.missingCredential
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Failure.malformedHeader
        }
        guard let key = APIKey(parsing: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Failure.invalidKey(keyID: nil)
        }
        let row = try database.pool.withConnection(timeout: database.acquireTimeout) { connection in
            try connection.queryPrepared(
                """
                SELECT k.principal_id, k.secret_hash, p.name, p.role, t.status
                FROM api_keys k
                JOIN principals p ON p.tenant_id = k.tenant_id AND p.principal_id = k.principal_id
                JOIN tenants t ON t.tenant_id = k.tenant_id
                WHERE k.tenant_id = $1 AND k.key_id = $2
                  AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
                  AND p.disabled_at IS NULL
                """,
                [key.tenantID, key.keyID])
        }
        guard row.rowCount == 1, let hashText = row[0, "secret_hash"],
            let storedHash = APIKey.unhex(hashText.dropFirst(2)), key.matches(storedHash: storedHash),
            let role = BuiltInRole(rawValue: row[0, "role"] ?? "")
        else {
            throw Failure.invalidKey(keyID: key.keyID)
        }
        let principal = Principal(
            tenantID: key.tenantID, principalID: try row.string(row: 0, column: "principal_id"),
            name: try row.string(row: 0, column: "name"), role: role,
            credential: "api_key:\(key.keyID)")
        if row[0, "status"] == "suspended" {
            throw Failure.tenantSuspended(principal)
        }
        return principal
    }
}
