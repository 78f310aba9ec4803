import Dispatch
import FapiaoLogging
import FapiaoStore
import FapiaoTestSupport
import Foundation
import Synchronization
import Testing

/// Runs `body(index)` on `count` new threads and waits until all of them return.
///
/// The pool blocks its callers, so borrowers run on plain threads instead of the
/// Swift concurrency pool, which has only a few threads.
private func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread.detachNewThread {
            body(index)
            group.leave()
        }
    }
    group.wait()
}

private func makePool(_ database: TestDatabase, maximumConnections: Int) -> ConnectionPool {
    ConnectionPool(
        url: database.url, maximumConnections: maximumConnections,
        logger: Logger(label: "pool-test", sink: .memory()))
}

private func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = (ContinuousClock.now - start).components
    return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
}

@Suite struct ConnectionPoolTests {
    @Test func opensLazilyAndReuses() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 4)
        defer { pool.close() }
        let before = pool.statistics

        var backends = Set<Int32>()
        for _ in 0..<5 {
            backends.insert(try pool.withConnection { $0.backendProcessID })
        }

        #expect(before.open == 0)
        #expect(backends.count == 1)
        #expect(pool.statistics.open == 1)
        #expect(pool.statistics.idle == 1)
        #expect(pool.statistics.borrowed == 0)
    }

    @Test func growsToMaximumAndNoFurther() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 3)
        defer { pool.close() }
        let backends = Mutex<Set<Int32>>([])
        let peakOpen = Mutex(0)
        let peakBorrowed = Mutex(0)
        let failures = Mutex<[String]>([])

        runOnThreads(8) { _ in
            do {
                try pool.withConnection(timeout: .seconds(30)) { connection in
                    try connection.query("SELECT pg_sleep(0.2)")
                    let statistics = pool.statistics
                    peakOpen.withLock { $0 = max($0, statistics.open) }
                    peakBorrowed.withLock { $0 = max($0, statistics.borrowed) }
                    backends.withLock { _ = $0.insert(connection.backendProcessID) }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let observer = try database.connect()
        defer { observer.close() }
        let sessions = try observer.query(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            [database.name])

        #expect(failures.withLock { $0 } == [])
        #expect(backends.withLock { $0.count } == 3)
        #expect(peakOpen.withLock { $0 } == 3)
        #expect(peakBorrowed.withLock { $0 } == 3)
        #expect(pool.statistics.open == 3)
        #expect(pool.statistics.waiting == 0)
        #expect(try sessions.int(row: 0, column: "n") == 3)
    }

    @Test func timeoutWhenExhausted() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        defer { pool.close() }
        let borrowed = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? pool.withConnection { _ in
                borrowed.signal()
                release.wait()
            }
        }
        borrowed.wait()

        let start = ContinuousClock.now
        let error = #expect(throws: PostgresError.self) {
            try pool.withConnection(timeout: .milliseconds(300)) { _ in }
        }
        let waited = seconds(since: start)
        let waitingAfterTimeout = pool.statistics.waiting
        release.signal()

        #expect(error?.kind == .poolExhausted)
        #expect(error?.message.contains("pool of 1 connections was exhausted for 0.3 s") == true)
        #expect(waited >= 0.29)
        #expect(waitingAfterTimeout == 0)
    }

    @Test func waiterGetsReturnedConnection() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        defer { pool.close() }
        let borrowed = DispatchSemaphore(value: 0)
        let firstBackend = Mutex<Int32>(0)
        Thread.detachNewThread {
            try? pool.withConnection { connection in
                firstBackend.withLock { $0 = connection.backendProcessID }
                borrowed.signal()
                Thread.sleep(forTimeInterval: 0.3)
            }
        }
        borrowed.wait()

        let secondBackend = try pool.withConnection(timeout: .seconds(10)) { $0.backendProcessID }

        #expect(secondBackend == firstBackend.withLock { $0 })
        #expect(pool.statistics.open == 1)
    }

    @Test func brokenConnectionIsReplaced() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        defer { pool.close() }

        let firstBackend = try pool.withConnection { connection in
            let pid = connection.backendProcessID
            _ = try? connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
            return pid
        }
        let (secondBackend, value) = try pool.withConnection { connection in
            (connection.backendProcessID, try connection.query("SELECT 1 AS one")[0, "one"])
        }

        #expect(firstBackend != secondBackend)
        #expect(value == "1")
        #expect(pool.statistics.open == 1)
    }

    @Test func failedTransactionIsReplaced() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        defer { pool.close() }

        let firstBackend = try pool.withConnection { connection in
            try connection.execute(script: "BEGIN")
            _ = try? connection.query("SELECT 1 / 0")
            return connection.backendProcessID
        }
        let secondBackend = try pool.withConnection { $0.backendProcessID }

        #expect(firstBackend != secondBackend)
        #expect(pool.statistics.open == 1)
    }

    @Test func openTransactionIsRolledBack() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        defer { pool.close() }
        try pool.withConnection { try $0.execute(script: "CREATE TABLE notes (body text)") }

        let firstBackend = try pool.withConnection { connection in
            try connection.execute(script: "BEGIN; INSERT INTO notes VALUES ('abandoned')")
            return connection.backendProcessID
        }
        let (secondBackend, rows, inTransaction) = try pool.withConnection { connection in
            (
                connection.backendProcessID,
                try connection.query("SELECT body FROM notes").rowCount,
                connection.isInTransaction
            )
        }

        #expect(firstBackend == secondBackend)
        #expect(rows == 0)
        #expect(!inTransaction)
    }

    @Test func connectionFailureFreesSlot() throws {
        let pool = ConnectionPool(
            url: "postgresql:///postgres?host=/nonexistent-fapiao-socket",
            maximumConnections: 1, logger: Logger(label: "pool-test", sink: .memory()))
        defer { pool.close() }

        for _ in 0..<2 {
            let error = #expect(throws: PostgresError.self) {
                try pool.withConnection(timeout: .milliseconds(200)) { _ in }
            }
            #expect(error?.kind == .connectionFailed)
        }
        #expect(pool.statistics.open == 0)
        #expect(pool.statistics.borrowed == 0)
    }

    @Test func closeRejectsLaterBorrowers() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 2)
        try pool.withConnection { _ in }

        let drained = pool.close()
        let error = #expect(throws: PostgresError.self) { try pool.withConnection { _ in } }

        #expect(drained)
        #expect(error?.kind == .poolClosed)
        #expect(pool.statistics.open == 0)
        #expect(pool.statistics.idle == 0)
    }

    @Test func closeWaitsForBorrowed() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        let borrowed = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let closedInside = Mutex(true)
        Thread.detachNewThread {
            try? pool.withConnection { connection in
                borrowed.signal()
                Thread.sleep(forTimeInterval: 0.3)
                closedInside.withLock { $0 = connection.isClosed }
            }
            done.signal()
        }
        borrowed.wait()

        let start = ContinuousClock.now
        let drained = pool.close(timeout: .seconds(10))
        let waited = seconds(since: start)
        done.wait()

        #expect(drained)
        #expect(waited >= 0.2)
        #expect(closedInside.withLock { $0 } == false)
        #expect(pool.statistics.open == 0)
        #expect(pool.statistics.borrowed == 0)
    }

    @Test func closeTimesOutThenClosesLate() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        let borrowed = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? pool.withConnection { _ in
                borrowed.signal()
                Thread.sleep(forTimeInterval: 0.5)
            }
            done.signal()
        }
        borrowed.wait()

        let drained = pool.close(timeout: .milliseconds(50))
        let openAfterTimeout = pool.statistics.open
        done.wait()

        #expect(!drained)
        #expect(openAfterTimeout == 1)
        #expect(pool.statistics.open == 0)
    }

    @Test func closeWakesWaiters() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = makePool(database, maximumConnections: 1)
        let borrowed = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let waiterError = Mutex<PostgresError?>(nil)
        let waiterDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? pool.withConnection { _ in
                borrowed.signal()
                release.wait()
            }
        }
        borrowed.wait()
        Thread.detachNewThread {
            do {
                try pool.withConnection { _ in }
            } catch let error as PostgresError {
                waiterError.withLock { $0 = error }
            } catch {}
            waiterDone.signal()
        }
        while pool.statistics.waiting == 0 {
            Thread.sleep(forTimeInterval: 0.01)
        }

        Thread.detachNewThread {
            waiterDone.wait()
            release.signal()
        }
        let drained = pool.close(timeout: .seconds(10))

        #expect(drained)
        #expect(waiterError.withLock { $0?.kind } == .poolClosed)
        #expect(pool.statistics.waiting == 0)
    }
}
