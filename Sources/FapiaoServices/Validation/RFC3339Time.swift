import Foundation

/// Times in requests, in the RFC 3339 form that PostgreSQL also accepts.
enum RFC3339Time {
    /// Parses `YYYY-MM-DDTHH:MM:SS`, an optional fraction of up to 6 digits,
    /// and `Z` or an offset up to ±15:59, the range PostgreSQL accepts.
    /// Returns nil for any other form.
    static func parse(_ text: String) -> Date? {
        let pattern =
            #"^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-5]):[0-5]\d)$"#
        guard text.range(of: pattern, options: .regularExpression) != nil else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
