/// The authenticated caller of a call.
public struct Principal: Sendable, Equatable {
    public let tenantID: String
    public let principalID: String
    public let name: String
    public let role: BuiltInRole
    /// Credential that authenticated the call: `api_key:<key id>`.
    public let credential: String
}
