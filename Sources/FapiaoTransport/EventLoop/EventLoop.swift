import CFapiaoShims
import Dispatch
import FapiaoConcurrency
import Glibc
import Synchronization

/// Single-threaded event loop that waits for file descriptor readiness with
/// epoll, runs tasks submitted from other threads and fires timers.
///
/// Each loop owns one thread. Descriptors are registered level-triggered, so
/// a handler may stop reading before a descriptor is drained and is called
/// again on the next iteration.
///
/// Thread rules: `execute(_:)`, `scheduleTimer(after:_:)`, `inEventLoop` and
/// `shutdown()` may be called from any thread. Descriptor registration and the
/// shared read buffer are confined to the loop's thread.
///
/// Starting the first loop sets SIGPIPE to ignored for the whole process, so
/// that a write to a closed socket fails with EPIPE instead of killing it.
public final class EventLoop: @unchecked Sendable {
    /// Size in bytes of the read buffer shared by all connections of a loop.
    static let readBufferSize = 64 * 1024

    private struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        var wakeupPending = false
        var shutdownRequested = false
        var stopped = false
        var joined = false
    }

    /// Name of the loop's thread, for logs.
    public let name: String

    private let epollDescriptor: Int32
    private let wakeupDescriptor: Int32
    private let inbox = SleepingLock(Inbox())
    private let threadIdentifier = Atomic<UInt>(0)
    private let cancelledTimers = Atomic<Int>(0)
    private var thread = pthread_t()

    // Confined to the loop's thread.
    private var handlers: [Int32: any EventLoopHandler] = [:]
    private var timers = TimerQueue()

    /// Buffer that connections of this loop read into. Its contents are valid
    /// only on the loop's thread, until the reading call returns.
    let readBuffer: UnsafeMutableRawBufferPointer

    /// Starts a loop and its thread.
    ///
    /// - Throws: `SocketError` when epoll or eventfd cannot be created, or
    ///   when the thread cannot be started.
    public init(name: String = "fapiao-event-loop") throws {
        EventLoop.ignoreBrokenPipeSignal
        self.name = name
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else {
            throw SocketError(operation: "epoll_create1", code: errno)
        }
        let wakeup = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeup >= 0 else {
            let code = errno
            Glibc.close(epoll)
            throw SocketError(operation: "eventfd", code: code)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeup
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, wakeup, &event) == 0 else {
            let code = errno
            Glibc.close(wakeup)
            Glibc.close(epoll)
            throw SocketError(operation: "epoll_ctl", code: code)
        }
        epollDescriptor = epoll
        wakeupDescriptor = wakeup
        readBuffer = .allocate(byteCount: EventLoop.readBufferSize, alignment: 16)
        try startThread()
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Whether the caller runs on this loop's thread.
    public var inEventLoop: Bool {
        pthread_equal(pthread_self(), threadIdentifier.load(ordering: .acquiring)) != 0
    }

    /// Submits `task` to run on the loop's thread, after the tasks submitted
    /// before it. Callable from any thread, including the loop's own.
    ///
    /// A task submitted after the loop has stopped never runs.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        _ = submit(task)
    }

    /// Submits `task` like `execute(_:)` and returns false, without keeping
    /// the task, when the loop has stopped.
    func submit(_ task: @escaping @Sendable () -> Void) -> Bool {
        inbox.withLock { inbox in
            if inbox.stopped {
                return false
            }
            inbox.tasks.append(task)
            wakeUpIfNeeded(&inbox)
            return true
        }
    }

    /// Runs `body` on the loop and waits for its result. Runs it directly
    /// when called on the loop.
    ///
    /// - Throws: the error of `body`, or `TransportError.eventLoopShutDown`
    ///   when the loop has stopped.
    func runAndWait<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) throws -> Value
    {
        if inEventLoop {
            return try body()
        }
        let result = Mutex<Result<Value, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let submitted = submit {
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        guard submitted else {
            throw TransportError.eventLoopShutDown
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }

    /// Writes to the eventfd unless a wakeup is already pending. Runs under the
    /// inbox lock, because `stop()` closes the eventfd after marking the loop
    /// stopped under the same lock, and a write after the close could reach an
    /// unrelated descriptor that reused the number.
    private func wakeUpIfNeeded(_ inbox: inout Inbox) {
        if inbox.stopped || inbox.wakeupPending {
            return
        }
        inbox.wakeupPending = true
        var one: UInt64 = 1
        _ = Glibc.write(wakeupDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Schedules `task` to run on the loop's thread once `delay` has passed.
    /// Callable from any thread.
    ///
    /// Timers with the same deadline fire in scheduling order. A timer pending
    /// when the loop stops never fires.
    @discardableResult
    public func scheduleTimer(
        after delay: Duration, _ task: @escaping @Sendable () -> Void
    ) -> TimerHandle {
        let handle = TimerHandle(loop: self, task: task)
        let deadline = ContinuousClock.now.advanced(by: delay)
        if inEventLoop {
            timers.insert(handle, deadline: deadline)
        } else {
            execute { self.timers.insert(handle, deadline: deadline) }
        }
        return handle
    }

    /// Stops the loop after it has run the tasks already submitted, and
    /// waits for its thread to exit unless called on the loop itself.
    ///
    /// Registered descriptors get `handleLoopShutdown()`, so open connections
    /// close with `TransportError.eventLoopShutDown`. Pending timers are dropped.
    /// Calling `shutdown()` again has no further effect.
    public func shutdown() {
        inbox.withLock { inbox in
            inbox.shutdownRequested = true
            wakeUpIfNeeded(&inbox)
        }
        if inEventLoop {
            return
        }
        let shouldJoin = inbox.withLock { inbox -> Bool in
            if inbox.joined {
                return false
            }
            inbox.joined = true
            return true
        }
        if shouldJoin {
            pthread_join(thread, nil)
        }
    }

    // MARK: - Descriptor registration (loop thread only)

    func register(_ descriptor: Int32, events: IOEvents, handler: any EventLoopHandler) throws {
        assertInEventLoop()
        var event = EventLoop.epollEvent(descriptor: descriptor, events: events)
        guard epoll_ctl(epollDescriptor, EPOLL_CTL_ADD, descriptor, &event) == 0 else {
            throw SocketError(operation: "epoll_ctl(EPOLL_CTL_ADD)", code: errno)
        }
        handlers[descriptor] = handler
    }

    func modify(_ descriptor: Int32, events: IOEvents) {
        assertInEventLoop()
        var event = EventLoop.epollEvent(descriptor: descriptor, events: events)
        _ = epoll_ctl(epollDescriptor, EPOLL_CTL_MOD, descriptor, &event)
    }

    /// Removes the descriptor from the loop. Call before closing it.
    func deregister(_ descriptor: Int32) {
        assertInEventLoop()
        _ = epoll_ctl(epollDescriptor, EPOLL_CTL_DEL, descriptor, nil)
        handlers[descriptor] = nil
    }

    func assertInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inEventLoop, "called off the event loop thread", file: file, line: line)
    }

    func noteTimerCancelled() {
        cancelledTimers.add(1, ordering: .relaxed)
    }

    private static func epollEvent(descriptor: Int32, events: IOEvents) -> epoll_event {
        var event = epoll_event()
        var flags: UInt32 = 0
        if events.contains(.readable) {
            flags |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        }
        if events.contains(.writable) {
            flags |= EPOLLOUT.rawValue
        }
        event.events = flags
        event.data.fd = descriptor
        return event
    }

    /// Sockets report a peer that has gone away as EPIPE instead of killing
    /// the process with SIGPIPE. Set once per process, when the first loop starts.
    private static let ignoreBrokenPipeSignal: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    // MARK: - Thread

    private func startThread() throws {
        let context = Unmanaged.passRetained(self)
        var created = pthread_t()
        let result = pthread_create(
            &created, nil,
            { raw in
                let loop = Unmanaged<EventLoop>.fromOpaque(raw!).takeRetainedValue()
                loop.threadIdentifier.store(pthread_self(), ordering: .releasing)
                loop.run()
                return nil
            }, context.toOpaque())
        guard result == 0 else {
            context.release()
            throw SocketError(operation: "pthread_create", code: result)
        }
        thread = created
        // Wait until the thread has stored its identifier, so that
        // `inEventLoop` is correct as soon as `init` returns. A running
        // thread's pthread_t is never 0 in glibc.
        while threadIdentifier.load(ordering: .acquiring) == 0 {
            sched_yield()
        }
    }

    private func run() {
        setThreadName()
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }

        while true {
            let count = epoll_wait(epollDescriptor, events, Int32(capacity), waitTimeout())
            // Apart from EINTR, epoll_wait fails only for an invalid epoll
            // descriptor or buffer, which the loop cannot recover from.
            if count < 0 && errno != EINTR {
                fatalError("epoll_wait failed on \(name): errno \(errno)")
            }
            for index in 0..<max(0, Int(count)) {
                dispatch(events[index])
            }
            runExpiredTimers()
            if runTasks() {
                break
            }
        }
        stop()
    }

    private func dispatch(_ event: epoll_event) {
        let descriptor = event.data.fd
        if descriptor == wakeupDescriptor {
            var value: UInt64 = 0
            _ = Glibc.read(wakeupDescriptor, &value, MemoryLayout<UInt64>.size)
            return
        }
        let flags = event.events
        let readableFlags =
            EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue
        if flags & EPOLLOUT.rawValue != 0, let handler = handlers[descriptor] {
            handler.handleWritable()
        }
        // Look the handler up again because the writable handler may have
        // closed and deregistered the descriptor.
        if flags & readableFlags != 0, let handler = handlers[descriptor] {
            handler.handleReadable()
        }
    }

    /// Returns the epoll_wait timeout in milliseconds: 0 when tasks are
    /// waiting or shutdown was requested, the time to the earliest timer
    /// rounded up, or -1 for none.
    private func waitTimeout() -> Int32 {
        // A shutdown requested while the last batch ran may not have written
        // to the eventfd, so the loop must not block before it stops.
        if inbox.withLock({ !$0.tasks.isEmpty || $0.shutdownRequested }) {
            return 0
        }
        guard let deadline = timers.earliestDeadline else {
            return -1
        }
        let remaining = ContinuousClock.now.duration(to: deadline)
        if remaining <= .zero {
            return 0
        }
        let (seconds, attoseconds) = remaining.components
        let milliseconds =
            seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    private func runExpiredTimers() {
        let now = ContinuousClock.now
        while let entry = timers.popExpired(now: now) {
            if let task = entry.handle.takeTask() {
                task()
            } else {
                cancelledTimers.subtract(1, ordering: .relaxed)
            }
        }
        // Cancelled timers stay in the heap until their deadline. Idle
        // timeouts that are reset often would let them pile up, so drop them
        // once they make up most of the heap.
        let cancelled = cancelledTimers.load(ordering: .relaxed)
        if cancelled > 1024 && cancelled * 2 > timers.count {
            let removed = timers.removeCancelled()
            cancelledTimers.subtract(removed, ordering: .relaxed)
        }
    }

    /// Runs the tasks submitted so far and returns whether the loop should stop.
    private func runTasks() -> Bool {
        let (tasks, shutdownRequested) = inbox.withLock { inbox in
            let tasks = inbox.tasks
            inbox.tasks = []
            inbox.wakeupPending = false
            return (tasks, inbox.shutdownRequested)
        }
        for task in tasks {
            task()
        }
        return shutdownRequested && tasks.isEmpty
    }

    private func stop() {
        // Tasks submitted by closing handlers still run, and handlers that
        // those tasks register are closed in the next round.
        while true {
            for handler in Array(handlers.values) {
                handler.handleLoopShutdown()
            }
            handlers = [:]
            let tasks = inbox.withLock { inbox in
                let tasks = inbox.tasks
                inbox.tasks = []
                if tasks.isEmpty {
                    inbox.stopped = true
                }
                return tasks
            }
            if tasks.isEmpty {
                break
            }
            for task in tasks {
                task()
            }
        }
        for entry in timers.removeAll() {
            entry.handle.cancel()
        }
        Glibc.close(wakeupDescriptor)
        Glibc.close(epollDescriptor)
    }

    private func setThreadName() {
        // Linux limits thread names to 15 bytes.
        let shortName = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        _ = fapiao_set_thread_name(shortName)
    }
}
