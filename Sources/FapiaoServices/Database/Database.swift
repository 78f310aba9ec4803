public import FapiaoRPC
public import FapiaoStore

/// Transactions on the connection pool, bounded by the call's deadline.
public final class Database: Sendable {
    public let pool: ConnectionPool
    /// Maximum wait for a free pooled connection when a call has no deadline.
    let acquireTimeout: Duration

    public init(pool: ConnectionPool, acquireTimeout: Duration = .seconds(10)) {
        self.pool = pool
        self.acquireTimeout = acquireTimeout
    }

    /// The tenant of the platform operators, which manages every other tenant.
    public static let platformTenantID = "00000000-0000-0000-0000-000000000000"

    /// Runs `body` in one transaction of `tenantID` and commits when it returns.
    ///
    /// The tenant is set transaction-locally (`fapiao.tenant_id`), so
    /// row-level security shows `body` that tenant's rows only and the
    /// setting never leaks to the next user of the pooled connection. When
    /// `call` has a deadline, waiting for a connection and every statement
    /// are limited to the time left.
    ///
    /// - Throws: `RPCError` DEADLINE_EXCEEDED when no time is left, what the
    ///   pool or PostgreSQL throws (see `PostgresError.rpcError`), or what
    ///   `body` throws. The transaction is rolled back on any error.
    public func transaction<T>(
        tenant tenantID: String, for call: ServerCall?, _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        var timeout = acquireTimeout
        var statementTimeout = "0"
        if let remaining = call?.timeRemaining {
            guard remaining > .zero else {
                throw RPCError(
                    .deadlineExceeded, "the deadline passed before the call reached the database")
            }
            timeout = min(timeout, remaining)
            let milliseconds = max(
                1,
                remaining.components.seconds * 1000
                    + remaining.components.attoseconds / 1_000_000_000_000_000)
            statementTimeout = String(milliseconds)
        }
        return try pool.withConnection(timeout: timeout) { connection in
            try connection.transaction { connection in
                try Database.setTenant(tenantID, statementTimeout: statementTimeout, on: connection)
                return try body(connection)
            }
        }
    }

    /// Switches the current transaction to `tenantID`, for a transaction
    /// that acts for more than one tenant (creating a tenant does).
    public static func setTenant(
        _ tenantID: String, statementTimeout: String? = nil, on connection: PostgresConnection
    ) throws {
        if let statementTimeout {
            _ = try connection.queryPrepared(
                "SELECT set_config('fapiao.tenant_id', $1, true), set_config('statement_timeout', $2, true)",
                [tenantID, statementTimeout])
        } else {
            _ = try connection.queryPrepared(
                "SELECT set_config('fapiao.tenant_id', $1, true)", [tenantID])
        }
    }
}

extension PostgresError: RPCErrorConvertible {
    /// Maps database failures to gRPC codes: a lost or unreachable server and
    /// an exhausted pool are UNAVAILABLE (retry the call), a serialization
    /// failure or deadlock is ABORTED (retry the transaction), a cancelled
    /// statement is DEADLINE_EXCEEDED, and everything else is INTERNAL.
    public var rpcError: RPCError {
        switch kind {
        case .connectionFailed, .connectionLost, .connectionClosed, .poolClosed:
            return RPCError(
                .unavailable, "the database is unavailable; retry the call", cause: self)
        case .poolExhausted:
            return RPCError(
                .unavailable, "all database connections are busy; retry the call", cause: self)
        case .queryFailed, .transactionAborted, .unexpectedResult:
            if isSerializationFailure || isDeadlock {
                return RPCError(
                    .aborted, "the transaction conflicted with another; retry", cause: self)
            }
            if sqlState == "57014" {
                return RPCError(
                    .deadlineExceeded, "the deadline passed during a database statement",
                    cause: self)
            }
            return RPCError(.internal, "a database statement failed", cause: self)
        }
    }
}
