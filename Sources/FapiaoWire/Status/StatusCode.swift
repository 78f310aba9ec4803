/// gRPC status codes, with the numbers and meanings of gRPC's
/// doc/statuscodes.md.
public enum StatusCode: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case ok = 0
    /// The client cancelled the call.
    case cancelled = 1
    /// An error the server could not classify, including unexpected handler errors.
    case unknown = 2
    /// The request is invalid whatever the state of the system; do not retry.
    case invalidArgument = 3
    /// The deadline passed before the call completed; the work may have completed.
    case deadlineExceeded = 4
    case notFound = 5
    case alreadyExists = 6
    case permissionDenied = 7
    /// A limit was hit: message size, rate or concurrency.
    case resourceExhausted = 8
    /// The system is not in the state the call needs; fix the state before retrying.
    case failedPrecondition = 9
    /// A concurrency conflict; retry at a higher level (the whole sequence of calls).
    case aborted = 10
    case outOfRange = 11
    /// The server does not implement the method.
    case unimplemented = 12
    /// A broken invariant or an unparsable message.
    case `internal` = 13
    /// The service is temporarily unavailable, for example shutting down; retry the call.
    case unavailable = 14
    case dataLoss = 15
    /// The call carried no valid credential.
    case unauthenticated = 16

    /// Name as gRPC spells it, for example `NOT_FOUND`.
    public var name: String {
        switch self {
        case .ok: "OK"
        case .cancelled: "CANCELLED"
        case .unknown: "UNKNOWN"
        case .invalidArgument: "INVALID_ARGUMENT"
        case .deadlineExceeded: "DEADLINE_EXCEEDED"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .permissionDenied: "PERMISSION_DENIED"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .aborted: "ABORTED"
        case .outOfRange: "OUT_OF_RANGE"
        case .unimplemented: "UNIMPLEMENTED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .dataLoss: "DATA_LOSS"
        case .unauthenticated: "UNAUTHENTICATED"
        }
    }

    public var description: String { name }

    /// Returns the code for a number received on the wire; numbers outside
    /// 0...16 read as UNKNOWN, as gRPC clients treat them.
    public static func fromWire(_ value: UInt32) -> StatusCode {
        StatusCode(rawValue: value) ?? .unknown
    }
}
