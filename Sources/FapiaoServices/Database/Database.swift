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
        let limits = try Database.limits(for: call, acquireTimeout: acquireTimeout)
        return try borrow(waiting: limits.acquire) { connection in
            try connection.transaction(
                setup: try Database.setup(
                    tenant: tenantID, statementTimeout: limits.statementTimeout, on: connection)
            ) { connection in
                try body(connection)
            }
        }
    }

    /// Borrows one connection for every transaction of `call` and runs `body`
    /// with it (see `CallSession`), then the session's work after release.
    ///
    /// - Throws: `RPCError` DEADLINE_EXCEEDED when no time is left, what the
    ///   pool throws, or what `body` throws.
    func withSession<T>(for call: ServerCall, _ body: (CallSession) throws -> T) throws -> T {
        let limits = try Database.limits(for: call, acquireTimeout: acquireTimeout)
        var workAfterRelease: [() -> Void] = []
        defer {
            for work in workAfterRelease { work() }
        }
        return try borrow(waiting: limits.acquire) { connection in
            let session = CallSession(connection: connection, call: call)
            defer {
                session.end()
                workAfterRelease = session.workAfterRelease
            }
            return try body(session)
        }
    }

    /// Runs `body` with a pooled connection, waiting at most `wait` for one.
    ///
    /// - Throws: `RPCError` DEADLINE_EXCEEDED when a wait shorter than
    ///   `acquireTimeout`, which the call's deadline set, ran out. The wait
    ///   can end a little before the deadline's instant, so the time left is
    ///   not checked again.
    private func borrow<T>(
        waiting wait: Duration, _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        do {
            return try pool.withConnection(timeout: wait, body)
        } catch let error as PostgresError where error.kind == .poolExhausted && wait < acquireTimeout {
            throw RPCError(
                .deadlineExceeded,
                "the deadline passed while the call waited for a database connection",
                cause: error)
        }
    }

    /// Returns the wait for a pooled connection and the `statement_timeout`
    /// that the time left before `call`'s deadline allows.
    static func limits(
        for call: ServerCall?, acquireTimeout: Duration
    ) throws -> (acquire: Duration, statementTimeout: String) {
        let statementTimeout = try Database.statementTimeout(for: call)
        guard let remaining = call?.timeRemaining else { return (acquireTimeout, statementTimeout) }
        return (min(acquireTimeout, remaining), statementTimeout)
    }

    /// Returns the `statement_timeout` in milliseconds that the time left
    /// before `call`'s deadline allows, "0" (none) without a deadline.
    ///
    /// - Throws: `RPCError` DEADLINE_EXCEEDED when no time is left.
    static func statementTimeout(for call: ServerCall?) throws -> String {
        guard let remaining = call?.timeRemaining else { return "0" }
        guard remaining > .zero else {
            throw RPCError(
                .deadlineExceeded, "the deadline passed before the call reached the database")
        }
        return timeoutSetting(milliseconds(remaining))
    }

    /// Returns `duration` in whole milliseconds, at least 1.
    static func milliseconds(_ duration: Duration) -> Int64 {
        max(
            1,
            duration.components.seconds * 1000
                + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// Returns the `statement_timeout` value for `milliseconds`: "0", no limit,
    /// beyond the setting's maximum of 2,147,483,647 ms (about 24.8 days),
    /// which a longer deadline would overflow.
    static func timeoutSetting(_ milliseconds: Int64) -> String {
        milliseconds > Int64(Int32.max) ? "0" : String(milliseconds)
    }

    /// Returns the statement that sets the tenant and the statement timeout
    /// of a new transaction, with literal values so that it travels with BEGIN.
    static func setup(
        tenant tenantID: String, statementTimeout: String, on connection: PostgresConnection
    ) throws -> String {
        let tenant = try connection.literal(tenantID)
        let timeout = try connection.literal(statementTimeout)
        return "SELECT set_config('fapiao.tenant_id', \(tenant), true),"
            + " set_config('statement_timeout', \(timeout), true)"
    }

    /// Switches the current transaction to `tenantID`, for a transaction
    /// that acts for more than one tenant (creating a tenant does).
    public static func setTenant(_ tenantID: String, on connection: PostgresConnection) throws {
        _ = try connection.queryPrepared(
            "SELECT set_config('fapiao.tenant_id', $1, true)", [tenantID])
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
