/// One RPC method the server serves.
public struct MethodDescriptor: Sendable, Hashable {
    /// How many messages each side sends.
    public enum Kind: Sendable, Hashable {
        /// One request, one reply.
        case unary
        /// One request, any number of replies, then the status.
        case serverStreaming
    }

    /// gRPC-form path, `/package.Service/Method`.
    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// Service part of the path, for example `fapiao.invoice.v1.InvoiceService`.
    public var service: String {
        let trimmed = path.drop { $0 == "/" }
        return String(trimmed.prefix { $0 != "/" })
    }
}
