/// Builder of the canonical `name=value\n` text that entry and digest hashes
/// and signatures cover.
///
/// In values a backslash is written `\\`, a line feed `\n` and a carriage
/// return `\r`, so every field stays on one line and the text decodes
/// unambiguously. Names are fixed ASCII and never escaped.
struct CanonicalText {
    private(set) var text = ""

    init(format: String) {
        append("format", format)
    }

    mutating func append(_ name: String, _ value: String) {
        text += name
        text += "="
        // Only these three characters change, so values without them are
        // appended as they are.
        if value.utf8.contains(where: { $0 == 0x5c || $0 == 0x0a || $0 == 0x0d }) {
            for character in value.unicodeScalars {
                switch character {
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                default: text.unicodeScalars.append(character)
                }
            }
        } else {
            text += value
        }
        text += "\n"
    }

    mutating func append(_ name: String, _ value: some UnsignedInteger) {
        append(name, String(value))
    }
}
