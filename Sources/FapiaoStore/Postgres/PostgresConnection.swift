import CLibPQ
import Foundation

/// One libpq connection to a PostgreSQL server.
///
/// Not thread-safe: a connection must be used by one thread at a time, which is why it
/// is not `Sendable`. `ConnectionPool` hands each connection to one borrower at a time.
/// Statements run synchronously and block the calling thread until the server responds.
///
/// Parameters and results use PostgreSQL's text format, and the client encoding is UTF-8.
/// Server notices (for example from `CREATE TABLE IF NOT EXISTS`) are discarded instead of
/// being printed to standard error, which is libpq's default.
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// Names of the statements prepared on this connection, keyed by their SQL text.
    private var preparedStatementNames: [String: String] = [:]
    private var savepointDepth = 0
    /// Statements prepared so far, for unique names: a name stays taken on the
    /// server after its cache entry is dropped.
    private var statementsPrepared = 0

    /// Opens a connection with `PQconnectdb`.
    ///
    /// - Parameter url: a `postgresql://` URI or a `key=value` conninfo string.
    /// - Throws: `PostgresError` of kind `connectionFailed` with libpq's message, from which
    ///   the password is removed.
    public init(url: String) throws(PostgresError) {
        guard let connection = PQconnectdb(url) else {
            throw PostgresError(
                kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.errorMessage(of: connection)
            PQfinish(connection)
            throw PostgresError(
                kind: .connectionFailed,
                message: ConnectionInfo.removingPassword(of: url, from: message))
        }
        guard PQsetClientEncoding(connection, "UTF8") == 0 else {
            let message = Self.errorMessage(of: connection)
            PQfinish(connection)
            throw PostgresError(
                kind: .connectionFailed, message: "setting client encoding UTF8 failed: \(message)")
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit {
        close()
    }

    /// Closes the connection with `PQfinish`. Calling it again does nothing.
    public func close() {
        if let handle {
            PQfinish(handle)
        }
        handle = nil
        preparedStatementNames = [:]
    }

    /// Whether `close()` was called.
    public var isClosed: Bool { handle == nil }

    /// Whether the connection can run statements: it is open, libpq reports `CONNECTION_OK`
    /// and no failed transaction is pending.
    ///
    /// This checks local state only. A backend that the server terminated is noticed at the
    /// next statement, which then fails with kind `connectionLost`.
    public var isHealthy: Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_IDLE || status == PQTRANS_INTRANS
    }

    /// Whether a transaction block is open, including a failed one.
    public var isInTransaction: Bool {
        guard let handle else { return false }
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Process ID of the server backend serving this connection (`PQbackendPID`),
    /// or 0 when closed.
    public var backendProcessID: Int32 {
        guard let handle else { return 0 }
        return PQbackendPID(handle)
    }

    /// Runs one statement with `PQexecParams` and returns its result.
    ///
    /// Refer to parameters as `$1`, `$2`, ... in `sql`. Each parameter is sent as text, and
    /// nil is sent as SQL NULL. A parameter must not contain a NUL character.
    ///
    /// - Throws: `PostgresError` of kind `queryFailed` with the server's SQLSTATE,
    ///   `connectionLost` when the connection broke, or `connectionClosed` after `close()`.
    @discardableResult
    public func query(
        _ sql: String, _ parameters: [String?] = []
    ) throws(PostgresError)
        -> PostgresResult
    {
        let connection = try openHandle()
        let result = Self.withCStrings(parameters) { values in
            PQexecParams(connection, sql, Int32(values.count), nil, values, nil, nil, 0)
        }
        return try consume(result, connection: connection)
    }

    /// Runs one statement like `query(_:_:)`, but through a prepared statement.
    ///
    /// The first call with a given `sql` text prepares it with `PQprepare`, and later calls
    /// with the same text run the prepared statement with `PQexecPrepared`. The cache lives
    /// as long as the connection. When the server reports that the statement no longer
    /// exists (SQLSTATE 26000) or that its cached plan is stale (SQLSTATE 0A000), the entry
    /// is dropped, so the next call prepares it again.
    ///
    /// - Throws: the same errors as `query(_:_:)`.
    @discardableResult
    public func queryPrepared(
        _ sql: String, _ parameters: [String?] = []
    ) throws(PostgresError)
        -> PostgresResult
    {
        let connection = try openHandle()
        let name: String
        if let cached = preparedStatementNames[sql] {
            name = cached
        } else {
            name = nextStatementName()
            let prepared = PQprepare(connection, name, sql, Int32(parameters.count), nil)
            _ = try consume(prepared, connection: connection)
            preparedStatementNames[sql] = name
        }
        let result = Self.withCStrings(parameters) { values in
            PQexecPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
        }
        do {
            return try consume(result, connection: connection)
        } catch {
            if error.sqlState == "26000" || error.sqlState == "0A000" {
                preparedStatementNames[sql] = nil
            }
            throw error
        }
    }

    /// Runs `statements` like `queryPrepared(_:_:)`, but sends them all in one
    /// libpq pipeline and then waits once, which saves a round trip per
    /// statement after the first. Returns one result per statement.
    ///
    /// A failed statement makes the server skip the rest of the pipeline. Inside
    /// a transaction block it aborts the transaction, and outside one it rolls
    /// back the statements before it, which run in one implicit transaction.
    ///
    /// - Throws: the first statement's error, as `queryPrepared(_:_:)` would.
    @discardableResult
    public func pipeline(
        _ statements: [(sql: String, parameters: [String?])]
    ) throws(PostgresError) -> [PostgresResult] {
        let connection = try openHandle()
        guard PQenterPipelineMode(connection) == 1 else {
            throw PostgresError(kind: .queryFailed, message: Self.errorMessage(of: connection))
        }
        defer { PQexitPipelineMode(connection) }
        // One entry per command sent: the SQL and whether the command prepares
        // it (the caller gets no result) or runs it.
        var commands: [(sql: String, prepares: Bool)] = []
        for (sql, parameters) in statements {
            let name: String
            if let cached = preparedStatementNames[sql] {
                name = cached
            } else {
                name = nextStatementName()
                guard PQsendPrepare(connection, name, sql, Int32(parameters.count), nil) == 1 else {
                    throw PostgresError(
                        kind: .connectionLost, message: Self.errorMessage(of: connection))
                }
                preparedStatementNames[sql] = name
                commands.append((sql, true))
            }
            let sent = Self.withCStrings(parameters) { values in
                PQsendQueryPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
            }
            guard sent == 1 else {
                throw PostgresError(
                    kind: .connectionLost, message: Self.errorMessage(of: connection))
            }
            commands.append((sql, false))
        }
        guard PQpipelineSync(connection) == 1 else {
            throw PostgresError(kind: .connectionLost, message: Self.errorMessage(of: connection))
        }

        var results: [PostgresResult] = []
        var firstError: PostgresError?
        for command in commands {
            guard let result = PQgetResult(connection) else {
                throw PostgresError(
                    kind: .connectionLost, message: Self.errorMessage(of: connection))
            }
            var owned = false
            switch PQresultStatus(result) {
            case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
                if !command.prepares {
                    results.append(PostgresResult(taking: result))
                    owned = true
                }
            case PGRES_PIPELINE_ABORTED:
                // Skipped after an earlier failure: a skipped preparation
                // left no statement on the server.
                if command.prepares { preparedStatementNames[command.sql] = nil }
            default:
                if command.prepares { preparedStatementNames[command.sql] = nil }
                firstError = firstError ?? Self.error(from: result, connection: connection)
            }
            if !owned { PQclear(result) }
            // Each command's results end with a null result.
            while let extra = PQgetResult(connection) { PQclear(extra) }
        }
        // The synchronization point.
        if let sync = PQgetResult(connection) { PQclear(sync) }
        if var firstError {
            // libpq may notice a closed connection only after the error
            // result, for example when a server process was terminated
            // (SQLSTATE 57P01), so the kind is decided after the sync.
            if firstError.kind == .queryFailed
                && (PQstatus(connection) != CONNECTION_OK
                    || firstError.sqlState.map { $0.hasPrefix("57P") || $0.hasPrefix("08") } == true)
            {
                firstError = PostgresError(
                    kind: .connectionLost, message: firstError.message,
                    sqlState: firstError.sqlState, detail: firstError.detail, hint: firstError.hint,
                    constraint: firstError.constraint)
            }
            if firstError.sqlState == "26000" || firstError.sqlState == "0A000" {
                for (sql, _) in statements { preparedStatementNames[sql] = nil }
            }
            throw firstError
        }
        return results
    }

    private func nextStatementName() -> String {
        statementsPrepared += 1
        return "fapiao_statement_\(statementsPrepared)"
    }

    /// Number of statements prepared by `queryPrepared(_:_:)` on this connection.
    public var preparedStatementCount: Int { preparedStatementNames.count }

    /// Runs SQL that may contain several statements separated by semicolons, with `PQexec`.
    ///
    /// Outside a transaction block the server runs all statements in one implicit
    /// transaction, so a failure leaves none of them applied. Parameters are not supported.
    ///
    /// - Throws: `PostgresError` for the first statement that failed.
    public func execute(script: String) throws(PostgresError) {
        let connection = try openHandle()
        _ = try consume(PQexec(connection, script), connection: connection)
    }

    /// Runs `body` in a transaction and returns its value.
    ///
    /// Outside a transaction it sends BEGIN, then COMMIT when `body` returns, or ROLLBACK when
    /// `body` throws, and rethrows that error. Called inside another `transaction`, it uses a
    /// savepoint instead, so only the inner work is rolled back. `body` must not send
    /// BEGIN, COMMIT or ROLLBACK itself.
    ///
    /// - Parameter setup: SQL without parameters sent in the same message as BEGIN or
    ///   SAVEPOINT, such as transaction-local settings, which saves a round trip.
    /// - Throws: the error thrown by `body`; `PostgresError` when BEGIN or COMMIT fails, for
    ///   example a serialization failure at COMMIT; `PostgresError` of kind
    ///   `transactionAborted` when `body` caught a failed statement's error and returned
    ///   normally, because the server had already aborted the transaction.
    public func transaction<T>(
        setup: String? = nil, _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        let connection = try openHandle()
        if PQtransactionStatus(connection) == PQTRANS_INERROR {
            throw PostgresError(
                kind: .transactionAborted,
                message: "the current transaction is aborted; roll it back before starting another")
        }
        let savepoint: String? =
            PQtransactionStatus(connection) == PQTRANS_INTRANS
            ? "fapiao_savepoint_\(savepointDepth + 1)" : nil
        let start = savepoint.map { "SAVEPOINT \($0)" } ?? "BEGIN"
        try execute(script: setup.map { "\(start); \($0)" } ?? start)
        if savepoint != nil { savepointDepth += 1 }
        defer {
            if savepoint != nil { savepointDepth -= 1 }
        }
        return try complete(savepoint: savepoint, body)
    }

    /// Runs `body` in the transaction that the caller opened with BEGIN and commits it, or
    /// rolls it back when `body` throws, with the checks of `transaction(setup:_:)`.
    public func completeTransaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let connection = try openHandle()
        guard PQtransactionStatus(connection) != PQTRANS_IDLE else {
            throw PostgresError(
                kind: .unexpectedResult, message: "no transaction is open to complete")
        }
        return try complete(savepoint: nil, body)
    }

    /// Rolls back the open transaction, if any. Failures are ignored because the caller is
    /// already reporting the error that caused the rollback, and a broken connection is
    /// replaced by the pool.
    public func rollBack() {
        guard isInTransaction else { return }
        try? execute(script: "ROLLBACK")
    }

    /// Returns `text` as a quoted SQL string literal, escaped by `PQescapeLiteral`.
    ///
    /// - Throws: `PostgresError` when libpq rejects the text, for example invalid UTF-8.
    public func literal(_ text: String) throws(PostgresError) -> String {
        let connection = try openHandle()
        guard let escaped = PQescapeLiteral(connection, text, text.utf8.count) else {
            throw PostgresError(
                kind: .queryFailed, message: Self.errorMessage(of: connection))
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Runs `body`, then commits the transaction or releases `savepoint`.
    private func complete<T>(
        savepoint: String?, _ body: (PostgresConnection) throws -> T
    )
        throws -> T
    {
        let connection = try openHandle()
        let value: T
        do {
            value = try body(self)
        } catch {
            rollBack(to: savepoint)
            throw error
        }

        if PQtransactionStatus(connection) == PQTRANS_INERROR {
            rollBack(to: savepoint)
            throw PostgresError(
                kind: .transactionAborted,
                message:
                    "a statement in the transaction failed and its error was caught, so the server"
                    + " aborted the transaction; it was rolled back")
        }
        if let savepoint {
            try execute(script: "RELEASE SAVEPOINT \(savepoint)")
        } else if PQtransactionStatus(connection) == PQTRANS_INTRANS {
            try execute(script: "COMMIT")
        }
        // Otherwise `body` committed with its last statement (see
        // `queryPreparedCommitting(_:_:)`).
        return value
    }

    /// Runs the last statement of a transaction and COMMIT in one pipeline,
    /// which saves the round trip of a separate COMMIT. The enclosing
    /// `transaction` or `completeTransaction` then sends no COMMIT, and
    /// nothing may run after it in that transaction.
    ///
    /// - Throws: the statement's error (the transaction is then aborted and
    ///   rolled back by the enclosing call) or COMMIT's.
    @discardableResult
    public func queryPreparedCommitting(
        _ sql: String, _ parameters: [String?] = []
    ) throws(PostgresError) -> PostgresResult {
        guard savepointDepth == 0 else {
            throw PostgresError(
                kind: .unexpectedResult, message: "a statement inside a savepoint cannot commit")
        }
        return try pipeline([(sql, parameters), ("COMMIT", [])])[0]
    }

    /// Rolls back the transaction or savepoint, ignoring failures because the caller
    /// already reports the error that caused the rollback.
    private func rollBack(to savepoint: String?) {
        if let savepoint {
            try? execute(
                script: "ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
        } else {
            try? execute(script: "ROLLBACK")
        }
    }

    private func openHandle() throws(PostgresError) -> OpaquePointer {
        guard let handle else {
            throw PostgresError(kind: .connectionClosed, message: "the connection was closed")
        }
        return handle
    }

    /// Turns `result` into a `PostgresResult`, which then owns it, or into an
    /// error after clearing it.
    private func consume(
        _ result: OpaquePointer?, connection: OpaquePointer
    ) throws(PostgresError)
        -> PostgresResult
    {
        guard let result else {
            throw PostgresError(
                kind: PQstatus(connection) == CONNECTION_OK ? .queryFailed : .connectionLost,
                message: Self.errorMessage(of: connection))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(taking: result)
        default:
            defer { PQclear(result) }
            throw Self.error(from: result, connection: connection)
        }
    }

    private static func error(
        from result: OpaquePointer, connection: OpaquePointer
    )
        -> PostgresError
    {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else {
                return nil
            }
            return String(cString: value)
        }
        let lost = PQstatus(connection) != CONNECTION_OK
        var message = field("M")
        if message == nil, let text = PQresultErrorMessage(result) {
            message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if message?.isEmpty ?? true {
            message = errorMessage(of: connection)
        }
        return PostgresError(
            kind: lost ? .connectionLost : .queryFailed,
            message: message ?? "unknown error",
            sqlState: field("C"),  // PG_DIAG_SQLSTATE
            detail: field("D"),  // PG_DIAG_MESSAGE_DETAIL
            hint: field("H"),  // PG_DIAG_MESSAGE_HINT
            constraint: field("n"))  // PG_DIAG_CONSTRAINT_NAME
    }

    private static func errorMessage(of connection: OpaquePointer) -> String {
        guard let text = PQerrorMessage(connection) else { return "unknown libpq error" }
        let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "unknown libpq error" : message
    }

    /// Calls `body` with NUL-terminated copies of `values`, where nil stays a null pointer.
    private static func withCStrings<R>(
        _ values: [String?], _ body: ([UnsafePointer<CChar>?]) -> R
    ) -> R {
        let copies = values.map { value in value.map { strdup($0)! } }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}

@available(*, unavailable)
extension PostgresConnection: Sendable {}
