import FapiaoLogging
import Synchronization

/// Logs at most a fixed number of events per interval and counts the rest,
/// so that a flood of failing clients cannot flood the log.
///
/// Thread-safe.
final class LogRateLimiter: Sendable {
    private struct Window {
        var start = ContinuousClock.now
        var logged = 0
        var suppressed = 0
    }

    private let limit: Int
    private let interval: Duration
    private let window = Mutex(Window())

    init(limit: Int, interval: Duration) {
        self.limit = limit
        self.interval = interval
    }

    /// Writes the line unless the limit for the current interval is reached.
    /// The first line of a new interval reports how many were suppressed in
    /// the previous one as `suppressed`.
    func log(_ logger: Logger, _ level: Logger.Level, _ event: String, _ metadata: Logger.Metadata)
    {
        let suppressed: Int? = window.withLock { window in
            let now = ContinuousClock.now
            var previouslySuppressed = 0
            if window.start.duration(to: now) >= interval {
                previouslySuppressed = window.suppressed
                window = Window(start: now)
            }
            guard window.logged < limit else {
                window.suppressed += 1
                return nil
            }
            window.logged += 1
            return previouslySuppressed
        }
        guard let suppressed else {
            return
        }
        var fields = metadata
        if suppressed > 0 {
            fields["suppressed"] = .int(suppressed)
        }
        logger.log(level, event, fields)
    }
}
