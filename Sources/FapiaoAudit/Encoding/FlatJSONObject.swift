import FapiaoLogging

/// Strict reader and writer of the flat JSON objects in JSON Lines export
/// files: every value is a string or an unsigned integer.
///
/// The reader rejects unknown, duplicate and missing keys, values of the
/// wrong type, numbers with a sign, fraction or exponent, invalid UTF-8
/// and lone surrogate escapes, so that reading what the writer wrote
/// returns exactly the original values.
struct FlatJSONObject {
    enum Kind {
        case string
        case unsigned(maximum: UInt64)
    }

    enum Value {
        case string(String)
        case unsigned(UInt64)
    }

    /// Description of an invalid object, without a line number.
    struct SyntaxError: Error {
        var message: String
    }

    /// Keys and value kinds that one kind of record contains.
    struct Schema {
        let names: [String]
        let kinds: [Kind]
        private let indexes: [String: Int]

        init(_ fields: [(String, Kind)]) {
            names = fields.map(\.0)
            kinds = fields.map(\.1)
            indexes = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.0, $0) })
        }

        func index(of name: String) -> Int? {
            indexes[name]
        }
    }

    // MARK: Writing

    /// Writes an object with `fields` in sorted key order, without spaces.
    static func encode(_ fields: [(String, Value)]) -> String {
        var text = "{"
        for (offset, field) in fields.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if offset > 0 {
                text += ","
            }
            JSONString.append(field.0, to: &text)
            text += ":"
            switch field.1 {
            case .string(let value): JSONString.append(value, to: &text)
            case .unsigned(let value): text += String(value)
            }
        }
        text += "}"
        return text
    }

    // MARK: Reading

    /// Parses one object that must contain exactly the keys of `schema`.
    /// Returns the values in schema order.
    static func decode(_ bytes: [UInt8], schema: Schema) throws(SyntaxError) -> [Value] {
        var parser = Parser(bytes: bytes)
        return try parser.parseObject(schema: schema)
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func parseObject(schema: Schema) throws(SyntaxError) -> [Value] {
            var values = [Value?](repeating: nil, count: schema.names.count)
            skipWhitespace()
            try expect(UInt8(ascii: "{"), "expected \"{\" at the start of the line")
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                position += 1
            } else {
                while true {
                    skipWhitespace()
                    guard peek() == UInt8(ascii: "\"") else {
                        throw fail("expected a key in double quotes")
                    }
                    let name = try parseString()
                    guard let index = schema.index(of: name) else {
                        throw SyntaxError(message: "unknown key \"\(name)\"")
                    }
                    guard values[index] == nil else {
                        throw SyntaxError(message: "duplicate key \"\(name)\"")
                    }
                    skipWhitespace()
                    try expect(UInt8(ascii: ":"), "expected \":\" after key \"\(name)\"")
                    skipWhitespace()
                    values[index] = try parseValue(name: name, kind: schema.kinds[index])
                    skipWhitespace()
                    if peek() == UInt8(ascii: ",") {
                        position += 1
                        continue
                    }
                    try expect(UInt8(ascii: "}"), "expected \",\" or \"}\" after \"\(name)\"")
                    break
                }
            }
            skipWhitespace()
            guard position == bytes.count else {
                throw fail("unexpected text after the object")
            }
            var result: [Value] = []
            result.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                guard let value else {
                    throw SyntaxError(message: "missing key \"\(schema.names[index])\"")
                }
                result.append(value)
            }
            return result
        }

        private mutating func parseValue(name: String, kind: Kind) throws(SyntaxError) -> Value {
            let found = describeValue()
            switch kind {
            case .string:
                guard peek() == UInt8(ascii: "\"") else {
                    throw SyntaxError(message: "\"\(name)\" must be a string, found \(found)")
                }
                return .string(try parseString())
            case .unsigned(let maximum):
                guard let first = peek(), first == UInt8(ascii: "-") || isDigit(first) else {
                    throw SyntaxError(
                        message: "\"\(name)\" must be an unsigned integer, found \(found)")
                }
                return .unsigned(try parseUnsigned(name: name, maximum: maximum))
            }
        }

        private func describeValue() -> String {
            switch peek() {
            case UInt8(ascii: "\""): "a string"
            case UInt8(ascii: "{"): "an object"
            case UInt8(ascii: "["): "an array"
            case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
            case UInt8(ascii: "n"): "null"
            case nil: "the end of the line"
            default: "a number"
            }
        }

        /// Parses a JSON number token and accepts it only as a non-negative
        /// integer without fraction or exponent that is at most `maximum`.
        private mutating func parseUnsigned(
            name: String, maximum: UInt64
        ) throws(SyntaxError)
            -> UInt64
        {
            let start = position
            while let byte = peek(),
                isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                    || byte == UInt8(ascii: "E")
            {
                position += 1
            }
            let token = String(decoding: bytes[start..<position], as: UTF8.self)
            let isPlainInteger =
                !token.isEmpty && token.utf8.allSatisfy(isDigit)
                && (token == "0" || !token.hasPrefix("0"))
            guard isPlainInteger else {
                throw SyntaxError(
                    message: "\"\(name)\" must be an unsigned integer without sign, fraction,"
                        + " exponent or leading zeros, found \(token)")
            }
            guard let value = UInt64(token), value <= maximum else {
                throw SyntaxError(
                    message: "\"\(name)\" is out of range: \(token) is greater than \(maximum)")
            }
            return value
        }

        private mutating func parseString() throws(SyntaxError) -> String {
            position += 1  // the opening quote
            var output: [UInt8] = []
            while true {
                guard let byte = peek() else {
                    throw fail("unterminated string")
                }
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: output, as: UTF8.self) else {
                        throw fail("string is not valid UTF-8")
                    }
                    return text
                case UInt8(ascii: "\\"):
                    try parseEscape(into: &output)
                case 0x00..<0x20:
                    throw fail(
                        "control character U+\(hex4(UInt32(byte))) in a string must be escaped")
                default:
                    output.append(byte)
                }
            }
        }

        private mutating func parseEscape(into output: inout [UInt8]) throws(SyntaxError) {
            guard let escaped = peek() else {
                throw fail("unterminated escape")
            }
            position += 1
            switch escaped {
            case UInt8(ascii: "\""): output.append(0x22)
            case UInt8(ascii: "\\"): output.append(0x5C)
            case UInt8(ascii: "/"): output.append(0x2F)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalarValue = try parseHex4()
                if (0xD800...0xDBFF).contains(scalarValue) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard peek() == UInt8(ascii: "\\"), peek(offset: 1) == UInt8(ascii: "u")
                    else { throw fail("lone surrogate \\u\(hex4(scalarValue))") }
                    position += 2
                    let low = try parseHex4()
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw fail("lone surrogate \\u\(hex4(scalarValue))")
                    }
                    scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(scalarValue) else {
                    throw fail("lone surrogate \\u\(hex4(scalarValue))")
                }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw fail("invalid escape \\\(String(decoding: [escaped], as: UTF8.self))")
            }
        }

        private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = peek(), let digit = hexValue(byte) else {
                    throw fail("\\u must be followed by four hex digits")
                }
                value = value << 4 | digit
                position += 1
            }
            return value
        }

        private func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        private func hex4(_ value: UInt32) -> String {
            let hex = String(value, radix: 16, uppercase: true)
            return String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex
        }

        private func isDigit(_ byte: UInt8) -> Bool {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        private func peek(offset: Int = 0) -> UInt8? {
            position + offset < bytes.count ? bytes[position + offset] : nil
        }

        private mutating func skipWhitespace() {
            while let byte = peek(),
                byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            {
                position += 1
            }
        }

        private mutating func expect(_ byte: UInt8, _ message: String) throws(SyntaxError) {
            guard peek() == byte else {
                throw fail(message)
            }
            position += 1
        }

        private func fail(_ message: String) -> SyntaxError {
            SyntaxError(message: "\(message) (byte \(position + 1))")
        }
    }
}
