/// Limits that apply to each client connection.
public struct ServerConnectionConfiguration: Sendable {
    /// Largest request message in bytes; larger ones end their call with
    /// RESOURCE_EXHAUSTED.
    public var maximumMessageSize: Int
    /// Calls open at once on one connection; more end with RESOURCE_EXHAUSTED.
    public var maximumConcurrentCalls: Int

    public init(maximumMessageSize: Int, maximumConcurrentCalls: Int = 1024) {
        self.maximumMessageSize = maximumMessageSize
        self.maximumConcurrentCalls = maximumConcurrentCalls
    }
}
