/// Replacement of single ASCII characters by escape sequences, without
/// Foundation: `replacingOccurrences(of:with:)` bridges through NSString on
/// Linux and took a quarter of the server's CPU time per IssueInvoice.
enum Escaping {
    /// Returns `value` with each ASCII character that `escapes` lists replaced
    /// by its escape sequence. Values without such a character are returned
    /// as they are.
    static func escaping(_ value: String, _ escapes: [UInt8: String]) -> String {
        // An ASCII byte never occurs inside a multi-byte UTF-8 sequence, so
        // checking bytes finds exactly the characters to replace.
        var listed: UInt128 = 0
        for byte in escapes.keys where byte < 128 { listed |= 1 << byte }
        guard value.utf8.contains(where: { $0 < 128 && listed & (1 << $0) != 0 }) else {
            return value
        }
        var result = ""
        result.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            if scalar.isASCII, let escape = escapes[UInt8(scalar.value)] {
                result += escape
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
