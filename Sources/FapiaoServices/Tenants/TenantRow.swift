import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// Reads tenants from `tenants` rows.
enum TenantRow {
    /// Columns that `tenant(_:_:)` reads.
    static let columns = """
        tenant_id, name, status, settings::text AS settings, \
        \(SQLTime.rfc3339("created_at")) AS created_at
        """

    static func tenant(_ result: PostgresResult, _ row: Int) throws -> Tenant {
        let limits = TenantLimits(settingsJSON: result[row, "settings"])
        return Tenant(
            id: try result.string(row: row, column: "tenant_id"),
            name: try result.string(row: row, column: "name"),
            status: result[row, "status"] == "suspended" ? .suspended : .active,
            createdAt: try result.string(row: row, column: "created_at"),
            settings: TenantSettings(
                rateLimitPerSecond: UInt32(limits.ratePerSecond),
                rateLimitBurst: UInt32(limits.burst),
                maxConcurrentCalls: UInt32(limits.maximumConcurrentCalls)))
    }

    /// Loads an enterprise tenant visible in the current transaction.
    ///
    /// - Throws: `RPCError` NOT_FOUND when there is none with that id.
    static func load(_ id: String, on connection: PostgresConnection) throws -> Tenant {
        let rows = try connection.queryPrepared(
            "SELECT \(columns) FROM tenants WHERE tenant_id = $1 AND kind = 'enterprise'", [id])
        guard rows.rowCount == 1 else { throw RPCError(.notFound, "tenant '\(id)' not found") }
        return try tenant(rows, 0)
    }

    static func statusName(_ tenant: Tenant) -> String {
        tenant.status == .suspended ? "suspended" : "active"
    }

    static func settingChanges(
        before: TenantSettings?, after: TenantSettings?
    ) -> [String: AccessLogEntry.FieldChange] {
        var changes: [String: AccessLogEntry.FieldChange] = [:]
        let pairs: [(String, UInt32?, UInt32?)] = [
            ("rate_limit_per_second", before?.rateLimitPerSecond, after?.rateLimitPerSecond),
            ("rate_limit_burst", before?.rateLimitBurst, after?.rateLimitBurst),
            ("max_concurrent_calls", before?.maxConcurrentCalls, after?.maxConcurrentCalls),
        ]
        for (name, old, new) in pairs where old != new {
            changes[name] = .init(before: old.map { String($0) }, after: new.map { String($0) })
        }
        return changes
    }
}
