import Foundation

/// The `settings` column of a tenant, parsed once for every type that reads it.
enum TenantSettingsJSON {
    /// Returns the settings object, or an empty one when `text` is missing or
    /// not a JSON object.
    static func parse(_ text: String?) -> [String: Any] {
        guard let text, text != "{}", let data = text.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }
}
