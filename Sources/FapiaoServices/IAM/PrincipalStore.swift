import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// Reads and writes principals and their role grants in the current
/// transaction's tenant.
enum PrincipalStore {
    static let columns = """
        p.principal_id, p.tenant_id, p.name, p.kind, p.disabled_at IS NOT NULL AS disabled, \
        \(SQLTime.rfc3339("p.created_at")) AS created_at, \
        array_to_string(ARRAY(SELECT pr.role FROM principal_roles pr \
            WHERE pr.tenant_id = p.tenant_id AND pr.principal_id = p.principal_id ORDER BY pr.role), ',') AS roles
        """

    /// Inserts a principal with `roles` and returns its id.
    ///
    /// - Throws: `RPCError` ALREADY_EXISTS when the tenant has a principal of that name.
    static func insert(
        tenantID: String, name: String, kind: String, roles: [String],
        on connection: PostgresConnection
    ) throws -> String {
        let rows: PostgresResult
        do {
            rows = try connection.queryPrepared(
                """
                INSERT INTO principals (tenant_id, principal_id, name, kind)
                VALUES ($1, gen_random_uuid(), $2, $3) RETURNING principal_id
                """, [tenantID, name, kind])
        } catch {
            guard error.isUniqueViolation else { throw error }
            throw RPCError(
                .alreadyExists, "a principal named '\(name)' already exists in the tenant",
                cause: error)
        }
        let principalID = try rows.string(row: 0, column: "principal_id")
        for role in roles {
            try grant(role, tenantID: tenantID, principalID: principalID, on: connection)
        }
        return principalID
    }

    static func grant(
        _ role: String, tenantID: String, principalID: String, on connection: PostgresConnection
    ) throws {
        _ = try connection.queryPrepared(
            """
            INSERT INTO principal_roles (tenant_id, principal_id, role) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            """, [tenantID, principalID, role])
    }

    /// Loads a principal of the current tenant.
    ///
    /// - Throws: `RPCError` NOT_FOUND when there is none with that id.
    static func load(
        _ principalID: String, tenantID: String, on connection: PostgresConnection
    ) throws
        -> FapiaoAPI.Principal
    {
        let rows = try connection.queryPrepared(
            "SELECT \(columns) FROM principals p WHERE p.tenant_id = $1 AND p.principal_id = $2",
            [tenantID, principalID])
        guard rows.rowCount == 1 else {
            throw RPCError(.notFound, "principal '\(principalID)' not found")
        }
        return try principal(rows, 0)
    }

    static func list(
        tenantID: String, on connection: PostgresConnection
    ) throws -> [FapiaoAPI.Principal] {
        let rows = try connection.queryPrepared(
            "SELECT \(columns) FROM principals p WHERE p.tenant_id = $1 ORDER BY p.created_at, p.principal_id",
            [tenantID])
        return try (0..<rows.rowCount).map { try principal(rows, $0) }
    }

    static func principal(_ rows: PostgresResult, _ row: Int) throws -> FapiaoAPI.Principal {
        FapiaoAPI.Principal(
            id: try rows.string(row: row, column: "principal_id"),
            tenantID: try rows.string(row: row, column: "tenant_id"),
            name: try rows.string(row: row, column: "name"),
            kind: PrincipalKind(storageName: rows[row, "kind"] ?? "") ?? .unspecified,
            roles: (rows[row, "roles"] ?? "").split(separator: ",").map(String.init),
            disabled: rows[row, "disabled"] == "t",
            createdAt: try rows.string(row: row, column: "created_at"))
    }

    /// Number of enabled principals of the tenant that hold tenant_admin,
    /// other than `excluding`.
    static func otherEnabledAdministrators(
        tenantID: String, excluding principalID: String, on connection: PostgresConnection
    ) throws -> Int {
        let rows = try connection.queryPrepared(
            """
            SELECT count(*) AS administrators FROM principals p
            JOIN principal_roles pr ON pr.tenant_id = p.tenant_id AND pr.principal_id = p.principal_id
            WHERE p.tenant_id = $1 AND p.principal_id <> $2 AND p.disabled_at IS NULL
              AND pr.role = 'tenant_admin'
            """, [tenantID, principalID])
        return try rows.int(row: 0, column: "administrators")
    }
}
