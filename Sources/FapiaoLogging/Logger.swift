import Foundation
import Synchronization

/// Structured logger that writes one JSON object per line to standard error.
///
/// Each line has `time` (RFC 3339, UTC, milliseconds), `level`, `event` and
/// the metadata given at the call and at construction. Callers must never
/// pass a secret (API key, password, private key) as metadata.
///
/// Thread-safe: lines from concurrent callers never interleave.
public struct Logger: Sendable {
    public enum Level: String, Sendable, Comparable {
        case debug, info, warning, error

        var rank: Int {
            switch self {
            case .debug: 0
            case .info: 1
            case .warning: 2
            case .error: 3
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public typealias Metadata = [String: MetadataValue]

    private let sink: LogSink
    private let metadata: Metadata
    public let minimumLevel: Level

    /// Creates a logger writing to standard error, or to `sink` when given.
    public init(label: String, minimumLevel: Level = .info, sink: LogSink = .standardError) {
        self.sink = sink
        self.metadata = ["logger": .string(label)]
        self.minimumLevel = minimumLevel
    }

    private init(sink: LogSink, metadata: Metadata, minimumLevel: Level) {
        self.sink = sink
        self.metadata = metadata
        self.minimumLevel = minimumLevel
    }

    /// Returns a logger that adds `extra` to every line.
    public func with(_ extra: Metadata) -> Logger {
        Logger(
            sink: sink, metadata: metadata.merging(extra) { _, new in new },
            minimumLevel: minimumLevel)
    }

    public func debug(_ event: String, _ metadata: Metadata = [:]) {
        log(.debug, event, metadata)
    }

    public func info(_ event: String, _ metadata: Metadata = [:]) {
        log(.info, event, metadata)
    }

    public func warning(_ event: String, _ metadata: Metadata = [:]) {
        log(.warning, event, metadata)
    }

    public func error(_ event: String, _ metadata: Metadata = [:]) {
        log(.error, event, metadata)
    }

    public func log(_ level: Level, _ event: String, _ extra: Metadata) {
        guard level >= minimumLevel else { return }
        var fields = metadata.merging(extra) { _, new in new }
        fields["time"] = .string(Logger.timestamp())
        fields["level"] = .string(level.rawValue)
        fields["event"] = .string(event)
        sink.write(Logger.encodeLine(fields))
    }

    static func encodeLine(_ fields: Metadata) -> String {
        // Fixed keys first so that a human reading the stream finds them at
        // the start of each line; the rest sorted for stable output.
        let leading = ["time", "level", "event"]
        var parts: [String] = []
        for key in leading {
            if let value = fields[key] { parts.append("\(JSONString.quoted(key)):\(value.json)") }
        }
        for key in fields.keys.sorted() where !leading.contains(key) {
            parts.append("\(JSONString.quoted(key)):\(fields[key]!.json)")
        }
        return "{" + parts.joined(separator: ",") + "}\n"
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
            parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, now.tv_nsec / 1_000_000)
    }
}

/// Value of a log metadata field.
public enum MetadataValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    CustomStringConvertible
{
    case string(String)
    case int(Int)
    case bool(Bool)
    case double(Double)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }

    public var description: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .bool(let value): String(value)
        case .double(let value): String(value)
        }
    }

    var json: String {
        switch self {
        case .string(let value): JSONString.quoted(value)
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .double(let value): value.isFinite ? String(value) : JSONString.quoted(String(value))
        }
    }
}

/// Destination of log lines.
public final class LogSink: Sendable {
    private let handle: Mutex<FileHandle>
    private let capturing: Bool
    private let captured = Mutex<[String]>([])

    /// Standard error of the process.
    public static let standardError = LogSink(handle: .standardError, capture: false)

    /// Returns a sink that keeps lines in memory, for tests.
    public static func memory() -> LogSink { LogSink(handle: .nullDevice, capture: true) }

    private init(handle: FileHandle, capture: Bool) {
        self.handle = Mutex(handle)
        self.capturing = capture
    }

    /// Lines written so far; empty unless created by `memory()`.
    public var lines: [String] { captured.withLock { $0 } }

    func write(_ line: String) {
        if capturing {
            captured.withLock { $0.append(line) }
            return
        }
        handle.withLock { $0.write(Data(line.utf8)) }
    }
}
