import FapiaoTransport
import Foundation
import Synchronization
import Testing

@Suite struct EventLoopTests {
    @Test func timersFireInDeadlineOrder() throws {
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Mutex<[Int]>([])
        let onLoop = Mutex<[Bool]>([])

        for (label, delay) in [(3, 60), (1, 20), (2, 40)] {
            loop.scheduleTimer(after: .milliseconds(delay)) {
                fired.withLock { $0.append(label) }
                onLoop.withLock { $0.append(loop.inEventLoop) }
            }
        }
        let cancelled = loop.scheduleTimer(after: .milliseconds(30)) {
            fired.withLock { $0.append(99) }
        }
        cancelled.cancel()

        #expect(waitUntil { fired.withLock { $0.count } >= 3 })
        // Wait well past the cancelled timer's deadline, so that a wrongly
        // fired task would be recorded.
        usleep(100_000)
        #expect(fired.withLock { $0 } == [1, 2, 3])
        #expect(onLoop.withLock { $0 } == [true, true, true])
        #expect(!cancelled.isPending)
    }

    @Test func timersWithEqualDeadlinesKeepOrder() throws {
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Mutex<[Int]>([])
        // Scheduled on the loop so that all of them get the same delay.
        loop.execute {
            for label in 0..<10 {
                loop.scheduleTimer(after: .zero) { fired.withLock { $0.append(label) } }
            }
        }
        #expect(waitUntil { fired.withLock { $0.count } == 10 })
        #expect(fired.withLock { $0 } == Array(0..<10))
    }

    @Test func manyCancelledTimersAreDropped() throws {
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let fired = Mutex(0)
        for _ in 0..<3000 {
            loop.scheduleTimer(after: .seconds(60)) { fired.withLock { $0 += 1 } }.cancel()
        }
        let survivor = Mutex(false)
        loop.scheduleTimer(after: .milliseconds(10)) { survivor.withLock { $0 = true } }
        #expect(waitUntil { survivor.withLock { $0 } })
        #expect(fired.withLock { $0 } == 0)
    }

    @Test func executeFromOtherThreadRunsOnLoop() throws {
        let group = try EventLoopGroup(threads: 2)
        defer { group.shutdown() }
        let loop = group.next()
        let ranOnLoop = Mutex<Bool?>(nil)
        #expect(!loop.inEventLoop)

        let thread = Thread {
            loop.execute { ranOnLoop.withLock { $0 = loop.inEventLoop } }
        }
        thread.start()

        #expect(waitUntil { ranOnLoop.withLock { $0 } != nil })
        #expect(ranOnLoop.withLock { $0 } == true)
    }

    @Test func executeKeepsSubmissionOrder() throws {
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let loop = group.next()
        let order = Mutex<[Int]>([])
        for index in 0..<1000 {
            loop.execute { order.withLock { $0.append(index) } }
        }
        #expect(waitUntil { order.withLock { $0.count } == 1000 })
        #expect(order.withLock { $0 } == Array(0..<1000))
    }

    @Test func shutdownRunsQueuedTasks() throws {
        let loop = try EventLoop()
        let count = Mutex(0)
        for _ in 0..<100 {
            loop.execute { count.withLock { $0 += 1 } }
        }
        loop.shutdown()
        #expect(count.withLock { $0 } == 100)

        loop.execute { count.withLock { $0 += 1 } }
        usleep(10_000)
        #expect(count.withLock { $0 } == 100)
    }

    @Test func shutdownDoesNotWaitForTimers() throws {
        let loop = try EventLoop()
        loop.scheduleTimer(after: .seconds(30)) {}
        for _ in 0..<100 {
            loop.execute {}
        }
        let start = ContinuousClock.now
        loop.shutdown()
        #expect(start.duration(to: .now) < .seconds(5))
    }

    @Test func groupHandsOutLoopsRoundRobin() throws {
        let group = try EventLoopGroup(threads: 3)
        defer { group.shutdown() }
        let picked = (0..<6).map { _ in ObjectIdentifier(group.next()) }
        #expect(picked[0] != picked[1])
        #expect(picked[1] != picked[2])
        #expect(picked[0] == picked[3])
        #expect(picked[2] == picked[5])
        #expect(EventLoopGroup.defaultThreadCount == ProcessInfo.processInfo.activeProcessorCount)
    }
}
