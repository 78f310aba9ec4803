import FapiaoLogging
import Foundation

/// One row of `access_log`: who called what, when, from where, and the outcome.
public struct AccessLogEntry: Sendable {
    /// Tenant of the principal; the platform tenant for calls without a
    /// valid credential.
    public var tenantID: String
    public var principalID: String?
    public var principalName: String?
    /// `api_key:<key id>`; nil when the call had no valid credential.
    public var credential: String?
    public var clientAddress: String
    public var requestID: String
    public var method: String
    public var resourceType: String?
    public var resourceID: String?
    public var statusCode: UInt32
    public var statusMessage: String
    /// For changes: field name to its before and after values. Never contains a secret.
    public var changes: [String: FieldChange]?

    /// The value of a field before and after a change; nil where the field
    /// did not exist.
    public struct FieldChange: Sendable, Equatable {
        public var before: String?
        public var after: String?

        public init(before: String?, after: String?) {
            self.before = before
            self.after = after
        }
    }

    /// `changes` as a JSON object with sorted keys, or nil.
    var changesJSON: String? {
        guard let changes else { return nil }
        var text = "{"
        for (offset, field) in changes.keys.sorted().enumerated() {
            let change = changes[field]!
            if offset > 0 { text += "," }
            JSONString.append(field, to: &text)
            text += ":{\"after\":"
            if let after = change.after {
                JSONString.append(after, to: &text)
            } else {
                text += "null"
            }
            text += ",\"before\":"
            if let before = change.before {
                JSONString.append(before, to: &text)
            } else {
                text += "null"
            }
            text += "}"
        }
        return text + "}"
    }
}
