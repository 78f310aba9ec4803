import FapiaoConcurrency
import FapiaoRPC
import FapiaoStore
import FapiaoWire

/// Finds the principal behind a call: from `authorization: Bearer <API key>`
/// metadata, or else from the TLS client certificate bound to a principal.
///
/// Every check runs on each call, so a revoked key, a disabled principal or
/// an expired key fails from the next call on.
struct Authenticator: Sendable {
    /// Reason a call was not authenticated. The client receives one message for
    /// every wrong-key case, so that it learns nothing about which keys exist.
    enum Failure: Error, RPCErrorConvertible {
        case missingCredential
        case malformedHeader
        case invalidKey(keyID: String?)
        case unknownCertificate(fingerprint: String)
        case tenantSuspended(Principal)

        var rpcError: RPCError {
            switch self {
            case .missingCredential:
                RPCError(
                    .unauthenticated,
                    "missing credential: send the metadata 'authorization: Bearer <API key>'"
                        + " or a TLS client certificate bound to a principal")
            case .malformedHeader:
                RPCError(
                    .unauthenticated,
                    "invalid authorization metadata: expected 'Bearer <API key>'")
            case .invalidKey:
                RPCError(.unauthenticated, "invalid API key: unknown, revoked or expired")
            case .unknownCertificate:
                RPCError(
                    .unauthenticated,
                    "the TLS client certificate is not bound to an enabled principal")
            case .tenantSuspended:
                RPCError(.failedPrecondition, "tenant suspended")
            }
        }

        /// Credential the client presented, for the access log; never a secret.
        var presentedCredential: String? {
            switch self {
            case .invalidKey(let keyID?): "api_key:\(keyID)"
            case .unknownCertificate(let fingerprint): "certificate:\(fingerprint)"
            default: nil
            }
        }
    }

    /// Returns the principal of `call`. The lookup runs in a transaction of
    /// `session` that stays open for the handler, also when this throws.
    ///
    /// - Throws: `Failure`, or `PostgresError` when the lookup fails.
    ///
    /// - Parameter prefetch: returns the handler's read-only statement for
    ///   the tenant that the key names, sent with the key lookup.
    func authenticate(
        _ call: ServerCall, session: CallSession,
        prefetch: ((ServerCall, String) -> CallSession.Prefetch?)? = nil
    ) throws -> Principal {
        guard let header = call.metadata[Metadata.Key.authorization] else {
            guard let fingerprint = call.peerCertificateFingerprint else {
                throw Failure.missingCredential
            }
            return try authenticate(certificate: fingerprint, session: session)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Failure.malformedHeader
        }
        guard let key = APIKey(parsing: String(parts[1]).trimmingWhitespace())
        else {
            throw Failure.invalidKey(keyID: nil)
        }
        // One statement reads the key and its principal. The principal's
        // columns are used only after the secret matched.
        let row = try session.begin(
            tenant: key.tenantID, query: Self.keyLookup, [key.tenantID, key.keyID],
            prefetch: prefetch?(call, key.tenantID))
        guard row.rowCount == 1, let hashText = row[0, "secret_hash"],
            let storedHash = APIKey.unhex(hashText.dropFirst(2)),
            key.matches(storedHash: storedHash)
        else {
            throw Failure.invalidKey(keyID: key.keyID)
        }
        return try checkTenantActive(
            try PrincipalLoader.principal(
                row, tenantID: key.tenantID, credential: "api_key:\(key.keyID)"))
    }

    /// Reads API key `$2` of tenant `$1` with its principal, when the key is
    /// neither revoked nor expired and the principal is enabled.
    static let keyLookup = """
        SELECT k.secret_hash, \(PrincipalLoader.columns)
        FROM api_keys k
        JOIN principals p ON p.tenant_id = k.tenant_id AND p.principal_id = k.principal_id
            AND p.disabled_at IS NULL
        JOIN tenants t ON t.tenant_id = p.tenant_id
        WHERE k.tenant_id = $1 AND k.key_id = $2
          AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
        """

    private func authenticate(
        certificate fingerprint: String, session: CallSession
    ) throws
        -> Principal
    {
        // The lookup runs without a tenant: the certificate_lookup policy
        // shows only rows with the presented fingerprint.
        _ = try session.begin(
            tenant: "", query: "SELECT set_config('fapiao.certificate_fingerprint', $1, true)",
            [fingerprint])
        let connection = session.connection
        // A fingerprint is not secret, so another tenant can bind the same
        // one later. The earliest binding wins, so that nothing a second
        // tenant does changes how an existing binding logs in.
        // NOTE: a tenant that binds a certificate before its owner does
        // keeps the owner's later binding from working.
        let rows = try connection.queryPrepared(
            """
            SELECT tenant_id, principal_id FROM client_certificates WHERE fingerprint = $1
            ORDER BY created_at, tenant_id LIMIT 1
            """, [fingerprint])
        guard rows.rowCount == 1 else { throw Failure.unknownCertificate(fingerprint: fingerprint) }
        let tenantID = try rows.string(row: 0, column: "tenant_id")
        // The handler continues this transaction, so the lookup setting is
        // cleared: other tenants' bindings stay hidden from it.
        _ = try connection.queryPrepared(
            "SELECT set_config('fapiao.certificate_fingerprint', '', true)")
        try session.switchTenant(to: tenantID)
        guard
            let principal = try PrincipalLoader.load(
                tenantID: tenantID, principalID: try rows.string(row: 0, column: "principal_id"),
                credential: "certificate:\(fingerprint)", on: connection)
        else { throw Failure.unknownCertificate(fingerprint: fingerprint) }
        return try checkTenantActive(principal)
    }

    private func checkTenantActive(_ principal: LoadedPrincipal) throws -> Principal {
        if principal.tenantSuspended { throw Failure.tenantSuspended(principal.principal) }
        return principal.principal
    }
}

/// A principal with the state of its tenant.
struct LoadedPrincipal: Sendable {
    let principal: Principal
    let tenantSuspended: Bool
}

/// Reads an enabled principal with its roles, permissions and tenant limits.
enum PrincipalLoader {
    /// Select-list columns of a principal `p` joined with its tenant `t`.
    static let columns = """
        p.principal_id, p.name, t.status, t.settings::text AS settings,
            array_to_string(ARRAY(
                SELECT pr.role FROM principal_roles pr
                WHERE pr.tenant_id = p.tenant_id AND pr.principal_id = p.principal_id
                ORDER BY pr.role), ',') AS roles,
            array_to_string(ARRAY(
                SELECT DISTINCT permission FROM principal_roles pr
                JOIN roles r ON r.tenant_id = pr.tenant_id AND r.name = pr.role,
                unnest(r.permissions) AS permission
                WHERE pr.tenant_id = p.tenant_id AND pr.principal_id = p.principal_id), ',')
                AS custom_permissions
        """

    /// Returns nil when the principal does not exist in the transaction's
    /// tenant or is disabled.
    static func load(
        tenantID: String, principalID: String, credential: String, on connection: PostgresConnection
    ) throws -> LoadedPrincipal? {
        let row = try connection.queryPrepared(
            """
            SELECT \(columns)
            FROM principals p JOIN tenants t ON t.tenant_id = p.tenant_id
            WHERE p.tenant_id = $1 AND p.principal_id = $2 AND p.disabled_at IS NULL
            """, [tenantID, principalID])
        guard row.rowCount == 1 else { return nil }
        return try principal(row, tenantID: tenantID, credential: credential)
    }

    /// Returns the principal in the first row of `row`, read with `columns`.
    static func principal(
        _ row: PostgresResult, tenantID: String, credential: String
    ) throws -> LoadedPrincipal {
        let rolesText = row[0, "roles"] ?? ""
        let customText = row[0, "custom_permissions"] ?? ""
        let settingsText = row[0, "settings"] ?? ""
        let platform = tenantID == Database.platformTenantID
        let key = "\(platform)|\(rolesText)|\(customText)|\(settingsText)"
        let grants: Grants
        if let cached = cache.withLock({ $0[key] }) {
            grants = cached
        } else {
            grants = Self.grants(
                roles: rolesText, custom: customText, settings: settingsText, platform: platform)
            cache.withLock { cache in
                if cache.count >= maximumCachedGrants { cache.removeAll() }
                cache[key] = grants
            }
        }
        let principal = Principal(
            tenantID: tenantID, principalID: try row.string(row: 0, column: "principal_id"),
            name: try row.string(row: 0, column: "name"),
            roles: grants.roles, permissions: grants.permissions, credential: credential,
            limits: grants.limits, invoicePolicy: grants.policy)
        return LoadedPrincipal(
            principal: principal, tenantSuspended: row[0, "status"] == "suspended")
    }

    /// Permissions and limits that a principal's roles and its tenant's
    /// settings grant, computed from their text in the principal query.
    struct Grants: Sendable {
        let roles: [String]
        let permissions: Set<Permission>
        let limits: TenantLimits
        let policy: InvoicePolicy
    }

    /// Grants by the text they were computed from. Most calls come from few
    /// distinct role and settings combinations, so building the permission
    /// set and parsing the settings JSON are done once per combination.
    private static let cache = SleepingLock<[String: Grants]>([:])
    /// Combinations kept at most; the cache starts over when it is full.
    static let maximumCachedGrants = 10_000

    private static func grants(
        roles rolesText: String, custom: String, settings: String, platform: Bool
    )
        -> Grants
    {
        let roles = rolesText.split(separator: ",").map(String.init)
        var permissions = Set(
            custom.split(separator: ",").compactMap { Permission(rawValue: String($0)) })
        for role in roles {
            if let builtIn = BuiltInRole(rawValue: role) {
                permissions.formUnion(builtIn.permissions)
            }
        }
        // Platform permissions exist only in the platform tenant, whatever a
        // custom role lists.
        if !platform {
            permissions.subtract(Permission.platformPermissions)
        }
        let parsed = TenantSettingsJSON.parse(settings)
        return Grants(
            roles: roles, permissions: permissions, limits: TenantLimits(settings: parsed),
            policy: InvoicePolicy(settings: parsed))
    }
}
