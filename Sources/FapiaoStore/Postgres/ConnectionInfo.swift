import CLibPQ
import Foundation

/// Helpers for libpq connection strings, in both the `postgresql://` URI form and the
/// `key=value` conninfo form.
public enum ConnectionInfo {
    /// Returns a `key=value` conninfo string with the same settings as `url` but with
    /// `dbname` set to `database`.
    ///
    /// - Throws: `PostgresError` of kind `connectionFailed` when libpq cannot parse `url`.
    public static func settingDatabase(
        _ database: String, in url: String
    ) throws(PostgresError)
        -> String
    {
        try setting(["dbname": database], in: url)
    }

    /// Returns a `key=value` conninfo string with the same settings as `url` but with
    /// each keyword of `values` set to its value; a nil value removes the keyword
    /// (for example `["user": "fapiao_app", "password": nil]`).
    ///
    /// - Throws: `PostgresError` of kind `connectionFailed` when libpq cannot parse `url`.
    public static func setting(
        _ values: [String: String?], in url: String
    ) throws(PostgresError)
        -> String
    {
        var options = try parse(url)
        options.removeAll { values.keys.contains($0.keyword) }
        for keyword in values.keys.sorted() {
            if let value = values[keyword] ?? nil {
                options.append((keyword: keyword, value: value))
            }
        }
        return options.map { "\($0.keyword)=\(quote($0.value))" }.joined(separator: " ")
    }

    /// Returns `message` with every occurrence of the password contained in `url` replaced
    /// by `***`, so that libpq messages can be logged and shown.
    static func removingPassword(of url: String, from message: String) -> String {
        var candidates: [String] = []
        if let options = try? parse(url) {
            candidates += options.filter { $0.keyword == "password" }.map(\.value)
        } else {
            // libpq could not parse the string, so find password-like fragments by pattern.
            candidates += matches(of: #"password\s*=\s*'?([^\s&']+)"#, in: url)
            candidates += matches(of: #"://[^:/@]*:([^@]+)@"#, in: url)
        }
        var scrubbed = message
        for candidate in candidates where !candidate.isEmpty {
            scrubbed = scrubbed.replacingOccurrences(of: candidate, with: "***")
            if let decoded = candidate.removingPercentEncoding, !decoded.isEmpty {
                scrubbed = scrubbed.replacingOccurrences(of: decoded, with: "***")
            }
        }
        return scrubbed
    }

    private static func parse(
        _ url: String
    ) throws(PostgresError) -> [(
        keyword: String, value: String
    )] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &errorMessage) else {
            var reason = "libpq could not parse the connection string"
            if let errorMessage {
                reason = String(cString: errorMessage).trimmingCharacters(
                    in: .whitespacesAndNewlines)
                PQfreemem(errorMessage)
            }
            let scrubbed = removingPassword(of: url, from: reason)
            throw PostgresError(
                kind: .connectionFailed, message: "invalid connection string: \(scrubbed)")
        }
        defer { PQconninfoFree(options) }
        var result: [(keyword: String, value: String)] = []
        var index = 0
        while let keyword = options[index].keyword {
            if let value = options[index].val {
                result.append((keyword: String(cString: keyword), value: String(cString: value)))
            }
            index += 1
        }
        return result
    }

    /// Quotes a conninfo value: single quotes around it, with `\` and `'` escaped by `\`.
    private static func quote(_ value: String) -> String {
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }

    private static func matches(of pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
