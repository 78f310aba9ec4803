/// A failure reported by libpq, by the PostgreSQL server or by the connection pool.
///
/// `description` contains the kind, the server's message and its SQLSTATE, detail,
/// hint and constraint when present. It never contains the connection password:
/// connection failures remove the password from libpq's message before storing it.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// Category of a failure.
    public enum Kind: String, Sendable, Equatable {
        /// Opening a connection failed (bad conninfo, server unreachable, authentication).
        case connectionFailed
        /// The connection broke while a command ran, so it cannot be used again.
        case connectionLost
        /// The method was called after `close()`.
        case connectionClosed
        /// The server rejected a statement. `sqlState` contains the reason code.
        case queryFailed
        /// A transaction was aborted by a failed statement and was rolled back.
        case transactionAborted
        /// A result did not have the expected shape (missing column, NULL, not a number).
        case unexpectedResult
        /// Every connection of the pool stayed borrowed until the wait timed out.
        case poolExhausted
        /// The pool was closed before or while the caller waited.
        case poolClosed
    }

    /// Category of the failure.
    public let kind: Kind
    /// Five-character SQLSTATE code from the server (`PG_DIAG_SQLSTATE`), for example
    /// `23505`, or nil when the failure did not come from the server.
    public let sqlState: String?
    /// Primary message (`PG_DIAG_MESSAGE_PRIMARY`, or libpq's message).
    public let message: String
    /// Optional secondary message from the server (`PG_DIAG_MESSAGE_DETAIL`).
    public let detail: String?
    /// Optional suggestion from the server (`PG_DIAG_MESSAGE_HINT`).
    public let hint: String?
    /// Name of the violated constraint (`PG_DIAG_CONSTRAINT_NAME`), when the server sent one.
    public let constraint: String?

    /// Creates an error. Callers must not pass a password inside `message`.
    public init(
        kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
    }

    /// Whether the server reported a unique constraint violation (SQLSTATE 23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Whether the server aborted a serializable transaction (SQLSTATE 40001).
    /// The whole transaction may be retried.
    public var isSerializationFailure: Bool { sqlState == "40001" }

    /// Whether the server aborted the transaction to break a deadlock (SQLSTATE 40P01).
    /// The whole transaction may be retried.
    public var isDeadlock: Bool { sqlState == "40P01" }

    /// The kind, message and server fields on one line.
    public var description: String {
        var text = "PostgreSQL \(kind.rawValue): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += "; detail: \(detail)" }
        if let hint { text += "; hint: \(hint)" }
        if let constraint { text += "; constraint: \(constraint)" }
        return text
    }
}
