@testable import FapiaoServices
import Foundation
import Testing

/// Foundation's string functions are the reference: the helpers replace them
/// on hot paths and must give the same results.
@Suite struct TextHelperTests {
    static let samples = [
        "", " ", "\t \u{3000}", "plain", "  padded  ", "\u{3000}全角空格\u{3000}", "\u{00A0}nbsp\u{00A0}",
        "line\n", "\nline", " a b ", "\t\ttabs\t", "深圳市示例科技有限公司", "e\u{301} ",
    ]

    @Test(arguments: samples)
    func trimmingMatchesFoundation(_ value: String) {
        #expect(value.trimmingWhitespace() == value.trimmingCharacters(in: .whitespaces))
    }

    @Test(arguments: [
        "", "none", #"back\slash"#, "new\nline", #"both\ and"# + "\n", #"\\"#, "引号\"和\\反斜杠",
        "%_\\", "\u{1F600}\\\n",
    ])
    func escapingMatchesFoundation(_ value: String) {
        let table: [UInt8: String] = [0x5c: #"\\"#, 0x0a: #"\n"#, 0x22: #"\""#]
        let expected = value.replacingOccurrences(of: "\\", with: #"\\"#)
            .replacingOccurrences(of: "\n", with: #"\n"#)
            .replacingOccurrences(of: "\"", with: #"\""#)
        #expect(Escaping.escaping(value, table) == expected)
    }
}
