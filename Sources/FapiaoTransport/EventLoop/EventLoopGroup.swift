import Foundation
import Synchronization

/// Fixed set of event loops, handed out round-robin.
///
/// Thread-safe: every method may be called from any thread.
public final class EventLoopGroup: Sendable {
    /// The loops of the group, in creation order.
    public let loops: [EventLoop]

    private let nextIndex = Atomic<Int>(0)

    /// Number of loops a group gets by default: the active processor count.
    public static var defaultThreadCount: Int {
        ProcessInfo.processInfo.activeProcessorCount
    }

    /// Starts `threads` event loops, each on its own thread.
    ///
    /// - Precondition: `threads` is at least 1.
    /// - Throws: `SocketError` when a loop cannot be started. Loops started
    ///   before the failure are shut down.
    public init(threads: Int = EventLoopGroup.defaultThreadCount) throws {
        precondition(threads >= 1, "an event loop group needs at least one thread")
        var loops: [EventLoop] = []
        do {
            for index in 0..<threads {
                loops.append(try EventLoop(name: "fapiao-loop-\(index)"))
            }
        } catch {
            for loop in loops {
                loop.shutdown()
            }
            throw error
        }
        self.loops = loops
    }

    /// Returns the next loop in round-robin order.
    public func next() -> EventLoop {
        let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[Int(UInt(bitPattern: index) % UInt(loops.count))]
    }

    /// Shuts down every loop and waits for their threads to exit.
    ///
    /// Must not be called from one of the group's loops, because a loop
    /// cannot wait for its own thread.
    public func shutdown() {
        precondition(
            !loops.contains { $0.inEventLoop }, "shutdown() called on one of the group's loops")
        for loop in loops {
            loop.shutdown()
        }
    }
}
