import Foundation
import Synchronization

/// A fixed set of threads that run call handlers.
///
/// Handlers block on the database, so they run here and never on an event
/// loop. Jobs start in submission order. Thread-safe.
public final class WorkerPool: Sendable {
    private struct State {
        var jobs: [@Sendable () -> Void] = []
        var head = 0
        var stopping = false
        var running = 0
    }

    private let state = Mutex(State())
    private let condition = NSCondition()

    /// Number of threads.
    public let size: Int

    /// Starts `size` threads named `fapiao-worker-N`.
    public init(size: Int) {
        precondition(size > 0, "a worker pool needs at least one thread")
        self.size = size
        for index in 0..<size {
            let thread = Thread { [self] in self.runWorker() }
            thread.name = "fapiao-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues `job`. Jobs submitted after `stop()` are dropped.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        let accepted = state.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { condition.signal() }
        condition.unlock()
    }

    /// Jobs waiting plus jobs running.
    public var load: Int {
        state.withLock { ($0.jobs.count - $0.head) + $0.running }
    }

    /// Lets queued jobs finish, then ends the threads. Does not wait.
    public func stop() {
        condition.lock()
        state.withLock { $0.stopping = true }
        condition.broadcast()
        condition.unlock()
    }

    private func runWorker() {
        while true {
            condition.lock()
            var job: (@Sendable () -> Void)?
            while true {
                let next = state.withLock { state -> (job: (@Sendable () -> Void)?, exit: Bool) in
                    if state.head < state.jobs.count {
                        let job = state.jobs[state.head]
                        state.head += 1
                        if state.head > 1024 && state.head * 2 > state.jobs.count {
                            state.jobs.removeFirst(state.head)
                            state.head = 0
                        }
                        state.running += 1
                        return (job, false)
                    }
                    return (nil, state.stopping)
                }
                if let nextJob = next.job {
                    job = nextJob
                    break
                }
                if next.exit {
                    condition.unlock()
                    return
                }
                condition.wait()
            }
            condition.unlock()
            job?()
            state.withLock { $0.running -= 1 }
        }
    }
}
