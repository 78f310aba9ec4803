import FapiaoRPC
import FapiaoStore

/// The pooled connection that every transaction of one call runs on.
///
/// Authentication opens a transaction and leaves it open, and the first
/// transaction of the handler continues it. A read-only call thus costs one
/// BEGIN and one COMMIT, and a call never holds two connections, which could
/// deadlock an exhausted pool.
///
/// Thread rules: a session belongs to the worker thread that runs its call
/// and is never used by another thread, which is why the unchecked
/// `Sendable` conformance is sound (`CallContext` carries it).
final class CallSession: @unchecked Sendable {
    /// A read-only statement of the handler that runs in the pipeline of
    /// `begin`, which saves the handler a round trip. It runs before the key
    /// is checked, with the tenant that the key names, and its result
    /// reaches the handler only after the key and the permission passed.
    struct Prefetch: Sendable, Equatable {
        let sql: String
        let parameters: [String?]
    }

    let connection: PostgresConnection
    let call: ServerCall
    /// Tenant of the transaction that authentication left open, nil when
    /// no transaction is open.
    private var openTenant: String?
    /// Work to run after the connection is back in the pool.
    private(set) var workAfterRelease: [() -> Void] = []
    /// The prefetched statement and its result, while the transaction of
    /// `begin` is open.
    private var prefetched: (statement: Prefetch, result: PostgresResult)?

    init(connection: PostgresConnection, call: ServerCall) {
        self.connection = connection
        self.call = call
    }

    /// Opens the transaction that authentication runs in, with `tenantID` set,
    /// and runs its first statement, all in one round trip.
    func begin(
        tenant tenantID: String, query sql: String, _ parameters: [String?],
        prefetch: Prefetch? = nil
    ) throws
        -> PostgresResult
    {
        let statementTimeout = try Database.statementTimeout(for: call)
        openTenant = tenantID
        var statements: [(sql: String, parameters: [String?])] = [
            ("BEGIN", []),
            (
                "SELECT set_config('fapiao.tenant_id', $1, true), set_config('statement_timeout', $2, true)",
                [tenantID, statementTimeout]
            ),
            (sql, parameters),
        ]
        if let prefetch { statements.append((prefetch.sql, prefetch.parameters)) }
        let results = try connection.pipeline(statements)
        if let prefetch { prefetched = (prefetch, results[3]) }
        return results[2]
    }

    /// Returns the result of `prefetch` once, inside the transaction of
    /// `begin`. Returns nil when that statement with these parameters did not
    /// run there, or when the transaction has ended.
    func takePrefetched(_ prefetch: Prefetch) -> PostgresResult? {
        guard let prefetched, prefetched.statement == prefetch else { return nil }
        self.prefetched = nil
        return prefetched.result
    }

    /// Switches the open transaction to `tenantID`.
    func switchTenant(to tenantID: String) throws {
        prefetched = nil
        try Database.setTenant(tenantID, on: connection)
        openTenant = tenantID
    }

    /// Runs `body` in one transaction of `tenantID` and commits when it
    /// returns: in the transaction that authentication left open when its
    /// tenant is `tenantID`, or else in a new one (see
    /// `Database.transaction(tenant:for:_:)`). With `boundedByDeadline` false,
    /// a new transaction has no statement timeout, for the access-log entry
    /// of a call whose deadline has passed.
    func transaction<T>(
        tenant tenantID: String, boundedByDeadline: Bool = true,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        if let open = openTenant {
            openTenant = nil
            if open == tenantID {
                defer { prefetched = nil }
                return try connection.completeTransaction(body)
            }
            prefetched = nil
            connection.rollBack()
        }
        let statementTimeout = try Database.statementTimeout(for: boundedByDeadline ? call : nil)
        return try connection.transaction(
            setup: try Database.setup(
                tenant: tenantID, statementTimeout: statementTimeout, on: connection),
            body)
    }

    /// Runs `work` after the session has returned its connection to the
    /// pool, for writes that need a healthy connection when the call's broke.
    func afterRelease(_ work: @escaping () -> Void) {
        workAfterRelease.append(work)
    }

    /// Rolls back the transaction that authentication left open, if any.
    func rollBack() {
        prefetched = nil
        guard openTenant != nil else { return }
        openTenant = nil
        connection.rollBack()
    }

    /// Ends the session: a transaction still open is rolled back, because
    /// only a handler's transaction commits work.
    func end() {
        rollBack()
    }
}
