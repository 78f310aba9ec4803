import Synchronization

/// Timer scheduled with `EventLoop.scheduleTimer(after:_:)`.
///
/// Thread-safe: `cancel()` may be called from any thread. A timer runs at most
/// once. After `cancel()` returns, the task does not start, but a task that has
/// already started on the loop runs to completion.
public final class TimerHandle: Sendable {
    private let task: Mutex<(@Sendable () -> Void)?>
    private let loop: EventLoop

    init(loop: EventLoop, task: @escaping @Sendable () -> Void) {
        self.loop = loop
        self.task = Mutex(task)
    }

    /// Prevents the task from running and releases it. Cancelling a timer that
    /// has already fired or been cancelled has no effect.
    public func cancel() {
        let removed = task.withLock { stored -> (@Sendable () -> Void)? in
            let current = stored
            stored = nil
            return current
        }
        if removed != nil {
            loop.noteTimerCancelled()
        }
    }

    /// Whether the timer is still waiting to fire.
    public var isPending: Bool {
        task.withLock { $0 != nil }
    }

    /// Takes the task for running, or returns nil when the timer was cancelled.
    func takeTask() -> (@Sendable () -> Void)? {
        task.withLock { stored in
            let current = stored
            stored = nil
            return current
        }
    }
}
