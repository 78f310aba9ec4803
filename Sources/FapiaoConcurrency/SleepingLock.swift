import Foundation

/// State guarded by an `NSLock`, a pthread mutex whose waiters sleep in the
/// kernel at once.
///
/// Swift's `Mutex` spins before it sleeps, and on Linux it sleeps in a
/// priority-inheriting futex. With dozens of worker threads on two cores the
/// holder is often descheduled while others spin. Under GetInvoice load, perf
/// measured the spinning (`_MutexHandle._lockSlow`) at 4 % of the server's CPU
/// time in the tenant limiter and 10 % in the connection pool. Use this lock
/// where every call takes it.
public final class SleepingLock<State>: @unchecked Sendable {
    private let lock = NSLock()
    /// Read and written only while `lock` is held, which makes the unchecked
    /// `Sendable` conformance sound.
    private var state: State

    public init(_ state: State) {
        self.state = state
    }

    /// Runs `body` with exclusive access to the state.
    public func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
