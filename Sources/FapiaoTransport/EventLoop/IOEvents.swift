/// Readiness conditions that an event loop watches for on a file descriptor.
struct IOEvents: OptionSet, Sendable {
    let rawValue: UInt32

    static let readable = IOEvents(rawValue: 1 << 0)
    static let writable = IOEvents(rawValue: 1 << 1)
}
