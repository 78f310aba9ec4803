import FapiaoConcurrency
import Foundation

/// Enforces each tenant's rate limit (a token bucket) and its cap on
/// concurrent calls, in this server process.
///
/// Thread-safe. One tenant's state never delays another's beyond one short
/// lock. NOTE: limits apply per server process; behind a load balancer
/// with N servers a tenant may reach N times its limits.
public final class TenantLimiter: Sendable {
    /// Reason a call was not admitted.
    public enum Rejection: Error, Equatable {
        /// Over the rate limit; a token is available after `retryAfter`.
        case rateLimited(retryAfter: Duration)
        /// `maximum` calls of the tenant are already running.
        case tooManyConcurrentCalls(maximum: Int)
    }

    private struct Bucket {
        var tokens: Double
        var refilledAt: ContinuousClock.Instant
        var running = 0
        var rejectedSinceFlush = 0
    }

    private let buckets = SleepingLock<[String: Bucket]>([:])

    public init() {}

    /// Admits one call of `tenantID`, or throws the reason it may not run now.
    /// Pair every admitted call with `release(_:)`.
    public func admit(_ tenantID: String, limits: TenantLimits) throws(Rejection) {
        let now = ContinuousClock.now
        let outcome: Rejection? = buckets.withLock { buckets in
            var bucket = buckets[tenantID] ?? Bucket(tokens: Double(limits.burst), refilledAt: now)
            let elapsed = bucket.refilledAt.duration(to: now)
            let seconds =
                Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(
                Double(limits.burst), bucket.tokens + seconds * Double(limits.ratePerSecond))
            bucket.refilledAt = now
            var rejection: Rejection?
            if bucket.running >= limits.maximumConcurrentCalls {
                rejection = .tooManyConcurrentCalls(maximum: limits.maximumConcurrentCalls)
            } else if bucket.tokens < 1 {
                let wait = (1 - bucket.tokens) / Double(limits.ratePerSecond)
                rejection = .rateLimited(
                    retryAfter: .milliseconds(Int64((wait * 1000).rounded(.up))))
            } else {
                bucket.tokens -= 1
                bucket.running += 1
            }
            if rejection != nil { bucket.rejectedSinceFlush += 1 }
            buckets[tenantID] = bucket
            return rejection
        }
        if let outcome { throw outcome }
    }

    /// Ends an admitted call.
    public func release(_ tenantID: String) {
        buckets.withLock { buckets in
            buckets[tenantID]?.running -= 1
        }
    }

    /// Returns, per tenant, the calls rejected since the last call of this
    /// method, and resets the counts.
    public func takeRejectionCounts() -> [String: Int] {
        buckets.withLock { buckets in
            var counts: [String: Int] = [:]
            for (tenant, bucket) in buckets where bucket.rejectedSinceFlush > 0 {
                counts[tenant] = bucket.rejectedSinceFlush
                buckets[tenant]?.rejectedSinceFlush = 0
            }
            return counts
        }
    }
}
