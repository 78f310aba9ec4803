import Dispatch
public import FapiaoLogging
import FapiaoConcurrency

/// A thread-safe pool of `PostgresConnection`s to one server.
///
/// Connections are opened on demand, up to `maximumConnections`, and reused after that.
/// A borrower that finds every connection in use blocks its thread until one is returned,
/// and waiting borrowers are served in arrival order. Callers must run on ordinary threads
/// where blocking is allowed, never on an event loop or a Swift concurrency executor that
/// other work depends on.
///
/// A connection that comes back unhealthy (broken, or inside a failed transaction) is
/// closed, and its slot is given to the next borrower, which opens a new connection.
/// A connection that comes back inside an open transaction is rolled back first.
public final class ConnectionPool: Sendable {
    /// Counts of the pool's connections and waiting borrowers at one moment.
    public struct Statistics: Sendable, Equatable {
        /// Maximum number of connections the pool opens.
        public let maximumConnections: Int
        /// Connections that are open or being opened.
        public let open: Int
        /// Open connections that no borrower has.
        public let idle: Int
        /// Connections held by borrowers, including ones being opened for a borrower.
        public let borrowed: Int
        /// Borrowers blocked until a connection is free.
        public let waiting: Int
    }

    /// Maximum number of connections the pool opens.
    public let maximumConnections: Int
    private let url: String
    private let logger: Logger
    private let state = SleepingLock(State())

    /// Creates a pool that opens no connection until the first `withConnection` call.
    ///
    /// - Parameters:
    ///   - url: a libpq `postgresql://` URI or `key=value` conninfo string.
    ///   - maximumConnections: upper limit of open connections; values below 1 are raised to 1.
    ///   - logger: receives connection replacements and the pool's closing.
    public init(url: String, maximumConnections: Int, logger: Logger) {
        self.url = url
        self.maximumConnections = max(1, maximumConnections)
        self.logger = logger
    }

    /// Current counts of connections and waiting borrowers.
    public var statistics: Statistics {
        state.withLock { state in
            Statistics(
                maximumConnections: maximumConnections, open: state.open,
                idle: state.idle.count, borrowed: state.borrowed, waiting: state.waiters.count)
        }
    }

    /// Borrows a connection, runs `body` with it on the calling thread, and returns the
    /// connection to the pool when `body` returns or throws.
    ///
    /// Blocks until a connection is free. `body` must not keep the connection after it
    /// returns and must not borrow a second connection from the same pool while holding
    /// one, because that can deadlock once the pool is exhausted.
    ///
    /// - Parameter timeout: maximum time to wait for a free connection; nil waits without limit.
    /// - Throws: `PostgresError` of kind `poolExhausted` when the timeout passes,
    ///   `poolClosed` after `close`, `connectionFailed` when a new connection cannot be
    ///   opened, or the error thrown by `body`.
    public func withConnection<T>(
        timeout: Duration? = nil, _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        let pooled = try acquire(timeout: timeout)
        defer { release(pooled) }
        return try body(pooled.connection)
    }

    /// Closes the pool: idle connections are closed at once, waiting borrowers get
    /// `poolClosed`, and connections still borrowed are closed when they are returned.
    ///
    /// Later `withConnection` calls throw `poolClosed`. Calling `close` again only waits.
    ///
    /// - Parameter timeout: maximum time to wait for borrowed connections to be returned.
    /// - Returns: true when no connection was borrowed any more within `timeout`.
    @discardableResult
    public func close(timeout: Duration = .seconds(10)) -> Bool {
        let drained = DispatchSemaphore(value: 0)
        let (idle, waiters, borrowed) = state.withLock { state in
            state.isClosed = true
            let idle = state.idle
            state.idle = []
            state.open -= idle.count
            let waiters = state.waiters
            state.waiters = []
            for waiter in waiters {
                state.grants[waiter.id] = .closed
            }
            if state.borrowed > 0 {
                state.drainSemaphores.append(drained)
            }
            return (idle, waiters, state.borrowed)
        }
        for pooled in idle {
            pooled.connection.close()
        }
        for waiter in waiters {
            waiter.semaphore.signal()
        }
        var returned = true
        if borrowed > 0 {
            returned = drained.wait(timeout: .now() + Self.dispatchInterval(timeout)) == .success
        }
        if returned {
            logger.info("postgres.pool.closed", ["closed_idle": .int(idle.count)])
        } else {
            logger.warning(
                "postgres.pool.close_timed_out",
                [
                    "still_borrowed": .int(statistics.borrowed),
                    "timeout_seconds": .double(Self.seconds(timeout)),
                ])
        }
        return returned
    }

    // MARK: - Borrowing and returning

    private func acquire(timeout: Duration?) throws(PostgresError) -> PooledConnection {
        let step = state.withLock { state -> AcquireStep in
            if state.isClosed { return .closed }
            if let pooled = state.idle.popLast() {
                state.borrowed += 1
                return .reuse(pooled)
            }
            if state.open < maximumConnections {
                state.open += 1
                state.borrowed += 1
                return .open
            }
            let waiter = Waiter(id: state.nextWaiterID, semaphore: DispatchSemaphore(value: 0))
            state.nextWaiterID += 1
            state.waiters.append(waiter)
            return .wait(waiter)
        }
        switch step {
        case .closed:
            throw Self.closedError
        case .reuse(let pooled):
            return pooled
        case .open:
            return try openReservedConnection()
        case .wait(let waiter):
            switch try wait(for: waiter, timeout: timeout) {
            case .connection(let pooled):
                return pooled
            case .openSlot:
                return try openReservedConnection()
            case .closed:
                throw Self.closedError
            }
        }
    }

    /// Blocks until `waiter` is granted something or `timeout` passes.
    private func wait(for waiter: Waiter, timeout: Duration?) throws(PostgresError) -> Grant {
        if let timeout {
            _ = waiter.semaphore.wait(timeout: .now() + Self.dispatchInterval(timeout))
        } else {
            waiter.semaphore.wait()
        }
        // A grant can arrive between the timeout and this lock, so the grant wins if present.
        let grant = state.withLock { state -> Grant? in
            if let grant = state.grants.removeValue(forKey: waiter.id) {
                return grant
            }
            state.waiters.removeAll { $0.id == waiter.id }
            return nil
        }
        guard let grant else {
            let seconds = Self.seconds(timeout ?? .zero)
            throw PostgresError(
                kind: .poolExhausted,
                message:
                    "the pool of \(maximumConnections) connections was exhausted for \(seconds) s:"
                    + " every connection stayed borrowed. Raise the maximum number of connections"
                    + " or hold connections for shorter times.")
        }
        return grant
    }

    /// Opens a connection for a slot already counted in `open` and `borrowed`.
    private func openReservedConnection() throws(PostgresError) -> PooledConnection {
        do {
            let connection = try PostgresConnection(url: url)
            logger.debug(
                "postgres.pool.connection_opened",
                ["backend_pid": .int(Int(connection.backendProcessID))])
            return PooledConnection(connection: connection)
        } catch {
            let semaphore = state.withLock { state in
                state.borrowed -= 1
                state.open -= 1
                return Self.grantFreeSlot(in: &state)
            }
            semaphore?.signal()
            throw error
        }
    }

    private func release(_ pooled: PooledConnection) {
        let connection = pooled.connection
        if connection.isHealthy && connection.isInTransaction {
            logger.warning(
                "postgres.pool.open_transaction_rolled_back",
                ["backend_pid": .int(Int(connection.backendProcessID))])
            try? connection.execute(script: "ROLLBACK")
        }
        let reusable = connection.isHealthy && !connection.isInTransaction
        if !reusable {
            logger.warning(
                "postgres.pool.connection_replaced",
                ["reason": "connection unhealthy after use"])
            connection.close()
        }

        let (semaphores, closeConnection) = state.withLock {
            state -> ([DispatchSemaphore], Bool) in
            state.borrowed -= 1
            if state.isClosed {
                state.open -= 1
                let drain = state.borrowed == 0 ? state.drainSemaphores : []
                if state.borrowed == 0 { state.drainSemaphores = [] }
                return (drain, reusable)
            }
            if reusable {
                if !state.waiters.isEmpty {
                    let waiter = state.waiters.removeFirst()
                    state.grants[waiter.id] = .connection(pooled)
                    state.borrowed += 1
                    return ([waiter.semaphore], false)
                }
                state.idle.append(pooled)
                return ([], false)
            }
            state.open -= 1
            return (Self.grantFreeSlot(in: &state).map { [$0] } ?? [], false)
        }
        if closeConnection {
            connection.close()
        }
        for semaphore in semaphores {
            semaphore.signal()
        }
    }

    /// Gives a free connection slot to the first waiter, if any, and returns the
    /// semaphore to signal after unlocking.
    private static func grantFreeSlot(in state: inout State) -> DispatchSemaphore? {
        guard !state.isClosed, !state.waiters.isEmpty else { return nil }
        let waiter = state.waiters.removeFirst()
        state.grants[waiter.id] = .openSlot
        state.open += 1
        state.borrowed += 1
        return waiter.semaphore
    }

    private static let closedError = PostgresError(
        kind: .poolClosed, message: "the connection pool is closed")

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .never }
        return .nanoseconds(Int(max(0, nanoseconds.partialValue + attoseconds / 1_000_000_000)))
    }

    // MARK: - State

    /// State guarded by `state`'s lock.
    private struct State {
        var idle: [PooledConnection] = []
        /// Connections open or being opened, idle or borrowed.
        var open = 0
        var borrowed = 0
        /// Blocked borrowers in arrival order.
        var waiters: [Waiter] = []
        /// Grant received by each woken waiter, keyed by waiter id.
        var grants: [UInt64: Grant] = [:]
        var nextWaiterID: UInt64 = 0
        var isClosed = false
        /// Signaled when the last borrowed connection is returned after `close`.
        var drainSemaphores: [DispatchSemaphore] = []
    }

    private struct Waiter: Sendable {
        let id: UInt64
        let semaphore: DispatchSemaphore
    }

    private enum Grant: Sendable {
        /// An open connection handed over directly.
        case connection(PooledConnection)
        /// Permission to open a new connection, already counted in `open` and `borrowed`.
        case openSlot
        /// The pool was closed.
        case closed
    }

    private enum AcquireStep: Sendable {
        case reuse(PooledConnection)
        case open
        case wait(Waiter)
        case closed
    }
}

/// A pooled connection that moves between threads.
///
/// `@unchecked Sendable` is sound because the pool gives the connection to one borrower
/// at a time, and the pool itself only stores it while no borrower has it.
private final class PooledConnection: @unchecked Sendable {
    let connection: PostgresConnection

    init(connection: PostgresConnection) {
        self.connection = connection
    }
}
