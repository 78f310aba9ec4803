import FapiaoRPC
import FapiaoStore

/// Role names a tenant can grant: the built-in roles other than
/// platform_operator, and the tenant's custom roles.
enum RoleCatalog {
    static let grantableBuiltInRoles: [BuiltInRole] = [.tenantAdmin, .issuer, .auditor, .viewer]

    /// Returns `roles` deduplicated and sorted.
    ///
    /// - Throws: `ValidationError` naming `field[i]` for a role the tenant does not have.
    static func validate(
        _ roles: [String], field: String, tenantID: String, on connection: PostgresConnection
    ) throws -> [String] {
        var violations: [ValidationError.Violation] = []
        for (index, role) in roles.enumerated()
        where try !exists(role, tenantID: tenantID, on: connection) {
            violations.append(
                .init(
                    field: "\(field)[\(index)]", reason: "role '\(role.prefix(64))' does not exist")
            )
        }
        guard violations.isEmpty else { throw ValidationError(violations) }
        return Array(Set(roles)).sorted()
    }

    static func exists(
        _ role: String, tenantID: String, on connection: PostgresConnection
    ) throws -> Bool {
        if grantableBuiltInRoles.contains(where: { $0.rawValue == role }) { return true }
        if tenantID == Database.platformTenantID && role == BuiltInRole.platformOperator.rawValue {
            return true
        }
        let rows = try connection.queryPrepared(
            "SELECT 1 FROM roles WHERE tenant_id = $1 AND name = $2", [tenantID, role])
        return rows.rowCount == 1
    }
}
