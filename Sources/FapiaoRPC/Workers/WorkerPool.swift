import Foundation
import FapiaoConcurrency

/// A fixed set of threads that run call handlers.
///
/// Handlers block on the database, so they run here and never on an event
/// loop. Jobs start in submission order. A job goes straight to the thread
/// parked last and wakes only that thread. With one shared condition
/// variable, every woken thread first competed for its mutex with the event
/// loops that submit jobs. Thread-safe.
public final class WorkerPool: Sendable {
    private typealias Job = @Sendable () -> Void

    private struct State {
        /// Jobs that no parked thread took, oldest first from `head`.
        var jobs: [Job] = []
        var head = 0
        /// Parked threads, the one parked last at the end.
        var parked: [Worker] = []
        var stopping = false
        var running = 0
    }

    /// A thread's handoff slot.
    ///
    /// Thread rules: `job` and `stop` are written by the thread that holds
    /// the pool's lock before it signals `wake`, and read by the worker
    /// thread after `wake` returned, under the same lock, which makes the
    /// unchecked `Sendable` conformance sound.
    private final class Worker: @unchecked Sendable {
        let wake = DispatchSemaphore(value: 0)
        var job: Job?
        var stop = false
    }

    private let state = SleepingLock(State())

    /// Number of threads.
    public let size: Int

    /// Starts `size` threads named `fapiao-worker-N`.
    public init(size: Int) {
        precondition(size > 0, "a worker pool needs at least one thread")
        self.size = size
        for index in 0..<size {
            let worker = Worker()
            let thread = Thread { [self] in self.run(worker) }
            thread.name = "fapiao-worker-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues `job`. Jobs submitted after `stop()` are dropped.
    public func submit(_ job: @escaping @Sendable () -> Void) {
        let woken = state.withLock { state -> Worker? in
            guard !state.stopping else { return nil }
            guard let worker = state.parked.popLast() else {
                state.jobs.append(job)
                return nil
            }
            worker.job = job
            state.running += 1
            return worker
        }
        woken?.wake.signal()
    }

    /// Jobs waiting plus jobs running.
    public var load: Int {
        state.withLock { ($0.jobs.count - $0.head) + $0.running }
    }

    /// Lets queued jobs finish, then ends the threads. Does not wait.
    public func stop() {
        let parked = state.withLock { state -> [Worker] in
            state.stopping = true
            defer { state.parked = [] }
            for worker in state.parked { worker.stop = true }
            return state.parked
        }
        for worker in parked { worker.wake.signal() }
    }

    private func run(_ worker: Worker) {
        var finished = false
        while true {
            enum Next {
                case run(Job)
                case park
                case exit
            }
            let next = state.withLock { state -> Next in
                if finished { state.running -= 1 }
                if state.head < state.jobs.count {
                    let job = state.jobs[state.head]
                    state.head += 1
                    if state.head == state.jobs.count {
                        state.jobs.removeAll(keepingCapacity: true)
                        state.head = 0
                    } else if state.head > 1024 && state.head * 2 > state.jobs.count {
                        state.jobs.removeFirst(state.head)
                        state.head = 0
                    }
                    state.running += 1
                    return .run(job)
                }
                if state.stopping { return .exit }
                state.parked.append(worker)
                return .park
            }
            switch next {
            case .run(let job):
                job()
                finished = true
            case .exit:
                return
            case .park:
                worker.wake.wait()
                let handed = state.withLock { _ -> (job: Job?, stop: Bool) in
                    defer { worker.job = nil }
                    return (worker.job, worker.stop)
                }
                if let job = handed.job {
                    job()
                    finished = true
                } else if handed.stop {
                    return
                } else {
                    finished = false
                }
            }
        }
    }
}
