/// SQL that renders a timestamptz the way the API writes times: RFC 3339 in
/// UTC with microseconds, for example `2026-12-04T08:01:02.123456Z`.
enum SQLTime {
    /// The `to_char` pattern behind `rfc3339(_:)`, as a SQL literal.
    static let pattern = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'"

    /// Returns SQL that renders `expression` in RFC 3339, NULL when it is NULL.
    static func rfc3339(_ expression: String) -> String {
        "to_char(\(expression) AT TIME ZONE 'UTC', \(pattern))"
    }
}
