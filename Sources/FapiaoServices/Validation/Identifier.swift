import Foundation

/// Checks of resource ids in requests.
enum Identifier {
    /// Returns `value` as a lower-case UUID.
    ///
    /// - Throws: `ValidationError` naming `field` when `value` is not a UUID.
    static func uuid(_ value: String, field: String) throws -> String {
        guard let uuid = UUID(uuidString: value) else {
            let shown = value.isEmpty ? "is required" : "'\(value.prefix(100))' is not a UUID"
            throw ValidationError(field: field, reason: shown)
        }
        return uuid.uuidString.lowercased()
    }
}
