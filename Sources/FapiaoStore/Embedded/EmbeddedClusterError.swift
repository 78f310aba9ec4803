/// A reason why `EmbeddedCluster` could not start or stop its PostgreSQL server.
public struct EmbeddedClusterError: Error, CustomStringConvertible, Sendable {
    /// Message naming the failed step, the path involved and the remedy.
    public let description: String

    /// Creates an error with a complete message.
    public init(_ description: String) {
        self.description = description
    }
}
