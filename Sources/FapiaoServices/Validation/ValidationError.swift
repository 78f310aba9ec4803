public import FapiaoRPC

/// One or more invalid request fields. Becomes INVALID_ARGUMENT with a
/// message listing each field path and the rule it breaks.
public struct ValidationError: Error, RPCErrorConvertible, CustomStringConvertible {
    public struct Violation: Sendable, Equatable {
        /// Field path in the proto3 JSON names, for example `lines[2].unitPrice`.
        public let field: String
        public let reason: String
    }

    public let violations: [Violation]

    public init(_ violations: [Violation]) {
        precondition(!violations.isEmpty, "a ValidationError needs at least one violation")
        self.violations = violations
    }

    public init(field: String, reason: String) {
        self.init([Violation(field: field, reason: reason)])
    }

    public var description: String {
        violations.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
    }

    public var rpcError: RPCError { RPCError(.invalidArgument, description, cause: self) }
}
