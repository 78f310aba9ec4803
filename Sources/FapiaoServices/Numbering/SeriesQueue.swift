import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import Foundation

/// Issuances of one series that wait in this server process, numbered in
/// batches: one transaction takes the counter row lock once, runs each
/// issuance's statement and commits them all.
///
/// Every issuance needs its series' counter row, which stays locked until
/// the transaction commits (see `SeriesCounter`). When many calls of one
/// series wait at that row in PostgreSQL, each COMMIT wakes them and all
/// but one go back to waiting. With 32 calls on one series, PostgreSQL
/// spent about 2,400 µs of CPU time per invoice, against 1,250 µs for the
/// same calls spread over 64 tenants (`benchmarks/run`). Here the first call of a series runs its
/// statement at once, and the calls that arrive meanwhile wait in the
/// server. When it is done, the oldest waiting call runs the statements of
/// all waiting calls, up to `maximumBatch`, in one pipeline on its own
/// connection, ending with COMMIT.
///
/// Numbers stay gapless and follow the queue's order: the statements take
/// them one after the other in one transaction, and a failure rolls them
/// all back. Each call of a failed batch then issues again on its own
/// (`Outcome.retryAlone`), so an invoice that cannot be stored fails only
/// its own call. Servers that share a database still meet at the row lock.
///
/// Thread-safe.
final class SeriesQueue: Sendable {
    /// The result of one call's issuance.
    enum Outcome {
        /// The statement ran and its transaction committed; nil when the
        /// tenant has no such series.
        case stored(Invoice?)
        /// The call's own error, to throw.
        case failed(any Error)
        /// The batch failed and nothing of it was stored, so the call must
        /// issue alone. `cause` is the batch's error, given to the call that
        /// ran it.
        case retryAlone(cause: (any Error)?)
    }

    /// The most statements that one transaction runs.
    let maximumBatch: Int
    /// Per series key, the calls waiting behind the one that is running. A
    /// key is present while a call of the series runs statements.
    private let waiting = SleepingLock<[String: [Ticket]]>([:])

    init(maximumBatch: Int = 32) {
        precondition(maximumBatch >= 1, "a batch holds at least one statement")
        self.maximumBatch = maximumBatch
    }

    /// Runs `IssuingStatement` with `parameters` for series `series` of
    /// `tenantID`, alone or in a batch, and waits for its outcome.
    ///
    /// `connection` is the call's own, inside its open transaction of
    /// `tenantID`. When the call runs a batch, the batch commits that
    /// transaction; otherwise the transaction is left open and unchanged.
    func issue(
        _ parameters: [String?], tenantID: String, series: String, call: ServerCall,
        on connection: PostgresConnection
    ) -> Outcome {
        let key = tenantID + "/" + series
        let ticket = Ticket(parameters: parameters, deadline: call.deadline)
        let runsFirst = waiting.withLock { waiting in
            if waiting[key] != nil {
                waiting[key]?.append(ticket)
                return false
            }
            waiting[key] = []
            return true
        }
        if !runsFirst, let outcome = wait(for: ticket, key: key, series: series) {
            return outcome
        }
        return runBatch(leading: ticket, key: key, series: series, on: connection)
    }

    /// Waits until `ticket` is finished or has to run a batch; returns nil in
    /// the second case.
    private func wait(for ticket: Ticket, key: String, series: String) -> Outcome? {
        var woken = true
        if let deadline = ticket.deadline {
            let remaining = ContinuousClock.now.duration(to: deadline)
            let nanoseconds =
                max(0, remaining.components.seconds) * 1_000_000_000
                + max(0, remaining.components.attoseconds / 1_000_000_000)
            woken = ticket.signal.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success
        } else {
            ticket.signal.wait()
        }
        if !woken {
            let stillWaiting = waiting.withLock { waiting in
                guard let index = waiting[key]?.firstIndex(where: { $0 === ticket }) else {
                    return false
                }
                waiting[key]?.remove(at: index)
                return true
            }
            if stillWaiting { return .failed(Self.expired(series)) }
            // A batch took the ticket, so its outcome follows.
            ticket.signal.wait()
        }
        return waiting.withLock { _ in ticket.state }.outcome
    }

    /// Runs the statements of `leader` and of the calls waiting behind it in
    /// one transaction on `connection`, hands the series to the next waiting
    /// call and returns the leader's outcome.
    private func runBatch(
        leading leader: Ticket, key: String, series: String, on connection: PostgresConnection
    ) -> Outcome {
        let batch: [Ticket] = waiting.withLock { waiting in
            let queued = waiting[key] ?? []
            let taken = Array(queued.prefix(maximumBatch - 1))
            waiting[key] = Array(queued.dropFirst(taken.count))
            for ticket in taken { ticket.state = .batched }
            return [leader] + taken
        }
        let now = ContinuousClock.now
        var outcomes = [Outcome?](repeating: nil, count: batch.count)
        var running: [Int] = []
        for (index, ticket) in batch.enumerated() {
            if let deadline = ticket.deadline, deadline <= now {
                outcomes[index] = .failed(Self.expired(series))
            } else {
                running.append(index)
            }
        }

        var results: Result<[PostgresResult], any Error> = .success([])
        if running == [0] {
            // The leader alone: its transaction already has its timeout.
            results = Result {
                [try connection.queryPreparedCommitting(IssuingStatement.sql, leader.parameters)]
            }
        } else if !running.isEmpty {
            results = Result {
                try Self.runTogether(running.map { batch[$0] }, now: now, on: connection)
            }
        }

        // The next call starts its batch while this one reads its rows.
        let next: Ticket? = waiting.withLock { waiting in
            guard let queued = waiting[key], let first = queued.first else {
                waiting[key] = nil
                return nil
            }
            waiting[key] = Array(queued.dropFirst())
            first.state = .leading
            return first
        }
        next?.signal.signal()

        switch results {
        case .success(let rows):
            for (position, index) in running.enumerated() {
                outcomes[index] = Outcome(catching: {
                    try InvoiceRepository.invoices(joined: rows[position]).first
                })
            }
        case .failure(let error) where running == [0]:
            outcomes[0] = .failed(error)
        case .failure(let error):
            for index in running {
                outcomes[index] = .retryAlone(cause: index == 0 ? error : nil)
            }
        }
        waiting.withLock { _ in
            for (index, ticket) in batch.enumerated() where index > 0 {
                ticket.state = .finished(outcomes[index]!)
            }
        }
        for ticket in batch.dropFirst() { ticket.signal.signal() }
        return outcomes[0]!
    }

    /// Runs the statements of `tickets` and COMMIT in one pipeline, with the
    /// statement timeout of the earliest deadline among them.
    private static func runTogether(
        _ tickets: [Ticket], now: ContinuousClock.Instant, on connection: PostgresConnection
    ) throws -> [PostgresResult] {
        var timeout = "0"
        if let earliest = tickets.compactMap(\.deadline).min() {
            let remaining = now.duration(to: earliest)
            let milliseconds =
                remaining.components.seconds * 1000
                + remaining.components.attoseconds / 1_000_000_000_000_000
            timeout = String(max(1, milliseconds))
        }
        let statements: [(sql: String, parameters: [String?])] =
            [("SELECT set_config('statement_timeout', $1, true)", [timeout])]
            + tickets.map { (IssuingStatement.sql, $0.parameters) }
            + [("COMMIT", [])]
        let results = try connection.pipeline(statements)
        return Array(results.dropFirst().prefix(tickets.count))
    }

    private static func expired(_ series: String) -> RPCError {
        RPCError(
            .deadlineExceeded,
            "the deadline passed while the call waited for its turn in series '\(series.prefix(32))'")
    }

    /// One call's issuance in the queue.
    ///
    /// Thread rules: `state` is read and written only while the queue's lock
    /// is held, and the other properties are constant, which makes the
    /// unchecked `Sendable` conformance sound.
    private final class Ticket: @unchecked Sendable {
        enum State {
            case waiting
            /// Taken into a batch that another call runs.
            case batched
            /// Has to run the next batch.
            case leading
            case finished(Outcome)

            /// The outcome once finished; nil while the call has to run a batch.
            var outcome: Outcome? {
                if case .finished(let outcome) = self { return outcome }
                return nil
            }
        }

        let parameters: [String?]
        let deadline: ContinuousClock.Instant?
        var state = State.waiting
        /// Signalled once when the state becomes `leading` or `finished`.
        let signal = DispatchSemaphore(value: 0)

        init(parameters: [String?], deadline: ContinuousClock.Instant?) {
            self.parameters = parameters
            self.deadline = deadline
        }
    }
}

extension SeriesQueue.Outcome {
    fileprivate init(catching body: () throws -> Invoice?) {
        do {
            self = .stored(try body())
        } catch {
            self = .failed(error)
        }
    }
}
