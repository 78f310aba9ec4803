public import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import Foundation

/// `fapiao.iam.v1.ApiKeyService`: API keys of a tenant's principals.
/// Permission key.manage.
public struct APIKeyService: Sendable {
    public init() {}

    /// Every method of the service.
    public var methods: [AnyServiceMethod] {
        [
            AnyServiceMethod(createAPIKey), AnyServiceMethod(listAPIKeys),
            AnyServiceMethod(revokeAPIKey),
        ]
    }

    /// `CreateApiKey`: a new key for a principal, returned once.
    public var createAPIKey: ServiceMethod<CreateApiKeyRequest, CreateApiKeyResponse> {
        ServiceMethod(
            path: MethodNames.createAPIKey, permission: .keyManage, resourceType: "api_key"
        ) {
            context, request in
            let principalID = try Identifier.uuid(request.principalID, field: "principalId")
            var expiresAt: String?
            if !request.expiresAt.isEmpty {
                guard let date = RFC3339Time.parse(request.expiresAt) else {
                    throw ValidationError(
                        field: "expiresAt",
                        reason:
                            "'\(request.expiresAt)' is not an RFC 3339 time such as 2027-01-31T00:00:00Z"
                    )
                }
                guard date > Date() else {
                    throw ValidationError(
                        field: "expiresAt", reason: "\(request.expiresAt) is in the past")
                }
                expiresAt = request.expiresAt
            }
            let tenantID = context.principal.tenantID
            return try context.transaction { connection in
                _ = try PrincipalStore.load(principalID, tenantID: tenantID, on: connection)
                let key = try APIKey.generate(tenantID: tenantID)
                try APIKeyStore.insert(
                    key, principalID: principalID, expiresAt: expiresAt, on: connection)
                let rows = try connection.queryPrepared(
                    "SELECT \(APIKeyStore.columns) FROM api_keys WHERE tenant_id = $1 AND key_id = $2",
                    [tenantID, key.keyID])
                try context.recordSuccess(
                    on: connection, resourceType: "api_key", resourceID: key.keyID,
                    changes: [
                        "principal_id": .init(before: nil, after: principalID),
                        "expires_at": .init(before: nil, after: expiresAt),
                    ])
                return CreateApiKeyResponse(key: try APIKeyStore.apiKey(rows, 0), apiKey: key.text)
            }
        }
    }

    /// `ListApiKeys`: the tenant's keys, or one principal's; never a secret.
    public var listAPIKeys: ServiceMethod<ListApiKeysRequest, ListApiKeysResponse> {
        ServiceMethod(
            path: MethodNames.listAPIKeys, permission: .keyManage, resourceType: "api_key"
        ) {
            context, request in
            let tenantID = context.principal.tenantID
            let principalID =
                request.principalID.isEmpty
                ? nil : try Identifier.uuid(request.principalID, field: "principalId")
            return try context.transaction { connection in
                if let principalID {
                    _ = try PrincipalStore.load(principalID, tenantID: tenantID, on: connection)
                }
                let rows = try connection.queryPrepared(
                    """
                    SELECT \(APIKeyStore.columns) FROM api_keys
                    WHERE tenant_id = $1 AND ($2::uuid IS NULL OR principal_id = $2::uuid)
                    ORDER BY api_keys.created_at, key_id
                    """, [tenantID, principalID])
                try context.recordSuccess(on: connection, resourceType: "api_key", resourceID: nil)
                return ListApiKeysResponse(
                    keys: try (0..<rows.rowCount).map { try APIKeyStore.apiKey(rows, $0) })
            }
        }
    }

    /// `RevokeApiKey`: the key fails with UNAUTHENTICATED from the next call
    /// on. Revoking a revoked key returns it unchanged.
    public var revokeAPIKey: ServiceMethod<RevokeApiKeyRequest, ApiKey> {
        ServiceMethod(
            path: MethodNames.revokeAPIKey, permission: .keyManage, resourceType: "api_key"
        ) {
            context, request in
            let keyID = request.keyID
            guard keyID.count == 16, keyID.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw ValidationError(
                    field: "keyId",
                    reason: "'\(keyID.prefix(40))' is not a key id (16 lower-case hex digits)")
            }
            let tenantID = context.principal.tenantID
            return try context.transaction { connection in
                let updated = try connection.queryPrepared(
                    """
                    UPDATE api_keys SET revoked_at = coalesce(revoked_at, now())
                    WHERE tenant_id = $1 AND key_id = $2 RETURNING \(APIKeyStore.columns)
                    """, [tenantID, keyID])
                guard updated.rowCount == 1 else {
                    throw RPCError(.notFound, "API key '\(keyID)' not found")
                }
                let key = try APIKeyStore.apiKey(updated, 0)
                try context.recordSuccess(
                    on: connection, resourceType: "api_key", resourceID: keyID,
                    changes: ["revoked_at": .init(before: nil, after: key.revokedAt)])
                return key
            }
        }
    }
}
