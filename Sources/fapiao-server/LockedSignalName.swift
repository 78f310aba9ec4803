import Synchronization

/// Name of the signal that asked the server to stop, set on the signal queue
/// and read by the main thread.
final class LockedSignalName: Sendable {
    private let name = Mutex("")

    func set(_ value: String) { name.withLock { $0 = value } }

    func get() -> String { name.withLock { $0 } }
}
