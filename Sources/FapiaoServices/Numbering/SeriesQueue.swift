import FapiaoAPI
import FapiaoConcurrency
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
/// A waiting call first ends its own read-only transaction, so that it
/// holds none while it waits, and its connection is not used for its
/// invoice unless it runs the batch. Each statement takes its number only
/// within its call's deadline (`SeriesCounter.numberingCTEs`), because
/// PostgreSQL's statement timeout restarts for every statement of a batch.
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

    /// The maximum number of statements that one transaction runs.
    let maximumBatch: Int
    /// The maximum number of invoice lines that one transaction stores, so
    /// that the results in a batch's memory stay small. A larger invoice runs alone.
    let maximumBatchLines: Int
    /// Per series key, the calls waiting behind the one that is running. A
    /// key is present while a call of the series runs statements.
    private let waiting = SleepingLock<[String: [Ticket]]>([:])

    init(maximumBatch: Int = 32, maximumBatchLines: Int = 1000) {
        precondition(maximumBatch >= 1, "a batch holds at least one statement")
        self.maximumBatch = maximumBatch
        self.maximumBatchLines = maximumBatchLines
    }

    /// Runs `IssuingStatement` with `parameters` for series `series` of
    /// `tenantID`, alone or in a batch, and waits for its outcome.
    ///
    /// `connection` is the call's own, inside its open read-only transaction
    /// of `tenantID`. That transaction ends in any case: the call's batch
    /// commits it, or the call commits it before it waits.
    ///
    /// - Parameter lineCount: the invoice's number of lines.
    func issue(
        _ parameters: [String?], lineCount: Int, tenantID: String, series: String,
        call: ServerCall, on connection: PostgresConnection
    ) -> Outcome {
        let key = tenantID + "/" + series
        let ticket = Ticket(
            parameters: parameters, lineCount: lineCount, deadline: call.deadline)
        if waiting.withLock({ $0[key] != nil }) {
            do {
                try connection.execute(script: "COMMIT")
            } catch {
                return .failed(error)
            }
        }
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
        return runBatch(
            leading: ticket, key: key, tenantID: tenantID, series: series, on: connection)
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
        leading leader: Ticket, key: String, tenantID: String, series: String,
        on connection: PostgresConnection
    ) -> Outcome {
        let batch: [Ticket] = waiting.withLock { waiting in
            let queued = waiting[key] ?? []
            var lines = leader.lineCount
            var joining = 0
            while joining < queued.count, joining + 1 < maximumBatch,
                lines + queued[joining].lineCount <= maximumBatchLines
            {
                lines += queued[joining].lineCount
                joining += 1
            }
            waiting[key] = Array(queued.dropFirst(joining))
            for ticket in queued.prefix(joining) { ticket.state = .batched }
            return [leader] + queued.prefix(joining)
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
        if running == [0] && connection.isInTransaction {
            // The first call alone, in its transaction. Its statement timeout
            // restarts with the statement, so the statement checks the time left.
            let timeLeft = leader.timeLeft(at: now)
            results = Result {
                [
                    try connection.queryPreparedCommitting(
                        IssuingStatement.sql, leader.parameters + [timeLeft.map(String.init)])
                ]
            }
        } else if !running.isEmpty {
            results = Result {
                try Self.runTogether(
                    running.map { batch[$0] }, tenantID: tenantID, now: now, on: connection)
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
            let finished = ContinuousClock.now
            for (position, index) in running.enumerated() {
                var outcome = Outcome(catching: {
                    try InvoiceRepository.invoices(joined: rows[position]).first
                })
                // No row: no such series, or the deadline passed before the
                // statement could take a number.
                if case .stored(nil) = outcome, let deadline = batch[index].deadline,
                    deadline <= finished
                {
                    outcome = .failed(Self.expired(series))
                }
                outcomes[index] = outcome
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

    /// Runs the statements of `tickets` and COMMIT in one pipeline, after
    /// BEGIN when `connection` has no open transaction. Each statement gets
    /// its call's time left at `now` as its batch deadline, and the
    /// statement timeout is the latest of them, or none when a call has no
    /// deadline.
    private static func runTogether(
        _ tickets: [Ticket], tenantID: String, now: ContinuousClock.Instant,
        on connection: PostgresConnection
    ) throws -> [PostgresResult] {
        let timeLeft = tickets.map { $0.timeLeft(at: now) }
        let latest = timeLeft.contains(where: { $0 == nil }) ? nil : timeLeft.compactMap { $0 }.max()
        var statements: [(sql: String, parameters: [String?])] = []
        if !connection.isInTransaction { statements.append(("BEGIN", [])) }
        let setup = statements.count
        statements.append(
            (
                """
                SELECT set_config('fapiao.tenant_id', $1, true), set_config('statement_timeout', $2, true),
                    set_config('fapiao.batch_started', clock_timestamp()::text, true)
                """,
                [tenantID, latest.map(Database.timeoutSetting) ?? "0"]
            ))
        for (ticket, left) in zip(tickets, timeLeft) {
            statements.append((IssuingStatement.sql, ticket.parameters + [left.map(String.init)]))
        }
        statements.append(("COMMIT", []))
        let results = try connection.pipeline(statements)
        return Array(results.dropFirst(setup + 1).prefix(tickets.count))
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
        let lineCount: Int
        let deadline: ContinuousClock.Instant?
        var state = State.waiting
        /// Signalled once when the state becomes `leading` or `finished`.
        let signal = DispatchSemaphore(value: 0)

        /// Returns the milliseconds left before the deadline at `now`, at
        /// least 1, or nil without a deadline.
        func timeLeft(at now: ContinuousClock.Instant) -> Int64? {
            deadline.map { Database.milliseconds(now.duration(to: $0)) }
        }

        init(parameters: [String?], lineCount: Int, deadline: ContinuousClock.Instant?) {
            self.parameters = parameters
            self.lineCount = lineCount
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
