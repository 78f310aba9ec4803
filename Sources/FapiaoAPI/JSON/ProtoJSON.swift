public import Foundation

/// Coding key for proto3 JSON objects, whose field names are only known at run time.
struct ProtoJSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Reads one proto3 JSON object: accepts each field under its lowerCamelCase
/// name or its original snake_case name, treats missing fields as their
/// default, and rejects unknown fields as protobuf JSON parsers do by default.
struct ProtoJSONReader {
    private let container: KeyedDecodingContainer<ProtoJSONKey>

    /// - Parameter fields: lowerCamelCase names of the message's fields.
    /// - Throws: `DecodingError.dataCorrupted` naming the first unknown field.
    init(from decoder: any Decoder, message: String, fields: [String]) throws {
        container = try decoder.container(keyedBy: ProtoJSONKey.self)
        let accepted = Set(fields + fields.map(ProtoJSONReader.snakeCase))
        for key in container.allKeys where !accepted.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: container.codingPath + [key],
                    debugDescription: "unknown field '\(key.stringValue)' in \(message)"))
        }
    }

    func string(_ field: String) throws -> String {
        try decode(String.self, field) ?? ""
    }

    func bool(_ field: String) throws -> Bool {
        try decode(Bool.self, field) ?? false
    }

    /// Reads a 64-bit or 32-bit integer, which proto3 JSON writes as a
    /// string and accepts as a number too.
    func integer<Value: FixedWidthInteger & Decodable>(_ field: String) throws -> Value {
        guard let key = key(field), try !container.decodeNil(forKey: key) else { return 0 }
        if let number = try? container.decode(Value.self, forKey: key) { return number }
        let text = try container.decode(String.self, forKey: key)
        guard let value = Value(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "'\(text)' is not an integer in range for \(Value.self)")
        }
        return value
    }

    func message<Message: Decodable>(_ type: Message.Type, _ field: String) throws -> Message? {
        try decode(Message.self, field)
    }

    func array<Element: Decodable>(_ type: Element.Type, _ field: String) throws -> [Element] {
        try decode([Element].self, field) ?? []
    }

    func enumeration<Value: ProtoEnum>(_ type: Value.Type, _ field: String) throws -> Value {
        guard let key = key(field), try !container.decodeNil(forKey: key) else {
            return Value.defaultValue
        }
        if let number = try? container.decode(UInt32.self, forKey: key) {
            return Value(protoNumber: number)
        }
        let name = try container.decode(String.self, forKey: key)
        guard let value = Value(protoName: name) else {
            let names = Value.allCases.map(\.protoName).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription:
                    "'\(name)' is not a \(Value.protoEnumName); expected one of \(names)")
        }
        return value
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ field: String) throws -> Value? {
        guard let key = key(field) else { return nil }
        return try container.decodeIfPresent(Value.self, forKey: key)
    }

    private func key(_ field: String) -> ProtoJSONKey? {
        let camel = ProtoJSONKey(field)
        if container.contains(camel) { return camel }
        let snake = ProtoJSONKey(ProtoJSONReader.snakeCase(field))
        return container.contains(snake) ? snake : nil
    }

    static func snakeCase(_ camel: String) -> String {
        var result = ""
        for character in camel {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// Writes one proto3 JSON object, leaving out fields that hold their default
/// value as proto3 JSON printers do by default.
struct ProtoJSONWriter {
    private var container: KeyedEncodingContainer<ProtoJSONKey>

    init(to encoder: any Encoder) {
        container = encoder.container(keyedBy: ProtoJSONKey.self)
    }

    mutating func string(_ field: String, _ value: String) throws {
        if !value.isEmpty { try container.encode(value, forKey: ProtoJSONKey(field)) }
    }

    mutating func bool(_ field: String, _ value: Bool) throws {
        if value { try container.encode(value, forKey: ProtoJSONKey(field)) }
    }

    /// Writes a 64-bit integer as a string, as proto3 JSON does.
    mutating func integer64(_ field: String, _ value: UInt64) throws {
        if value != 0 { try container.encode(String(value), forKey: ProtoJSONKey(field)) }
    }

    mutating func integer32(_ field: String, _ value: UInt32) throws {
        if value != 0 { try container.encode(value, forKey: ProtoJSONKey(field)) }
    }

    mutating func message<Message: Encodable>(_ field: String, _ value: Message?) throws {
        if let value { try container.encode(value, forKey: ProtoJSONKey(field)) }
    }

    mutating func array<Element: Encodable>(_ field: String, _ value: [Element]) throws {
        if !value.isEmpty { try container.encode(value, forKey: ProtoJSONKey(field)) }
    }

    mutating func enumeration<Value: ProtoEnum>(_ field: String, _ value: Value) throws {
        if value != Value.defaultValue {
            try container.encode(value.protoName, forKey: ProtoJSONKey(field))
        }
    }
}

/// A protobuf enum as it appears in proto3 JSON: by value name.
public protocol ProtoEnum: CaseIterable, Sendable, Equatable {
    /// Full protobuf name of the enum type.
    static var protoEnumName: String { get }
    /// The value numbered 0.
    static var defaultValue: Self { get }
    /// Value name as written in the .proto file.
    var protoName: String { get }
    var protoNumber: UInt32 { get }
    /// Maps an unknown number to `defaultValue`, because proto3 enums are open.
    init(protoNumber: UInt32)
}

extension ProtoEnum {
    public init?(protoName: String) {
        guard let match = Self.allCases.first(where: { $0.protoName == protoName }) else {
            return nil
        }
        self = match
    }
}

/// Encodes and decodes API messages in the proto3 JSON mapping.
public enum ProtoJSON {
    /// Returns `message` as pretty-printed proto3 JSON with sorted keys.
    public static func encode<Message: Encodable>(_ message: Message) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(message)
    }

    /// Parses proto3 JSON.
    ///
    /// - Throws: `ProtoJSONError` naming the field path (`lines[2].unitPrice`)
    ///   and what is wrong with it.
    public static func decode<Message: Decodable>(
        _ type: Message.Type, from data: Data
    ) throws
        -> Message
    {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw ProtoJSONError(error)
        }
    }
}

/// Invalid proto3 JSON input, with the path of the field at fault.
public struct ProtoJSONError: Error, CustomStringConvertible {
    /// Field path such as `lines[2].unitPrice`; empty for the whole document.
    public let path: String
    public let reason: String

    init(_ error: DecodingError) {
        switch error {
        case .typeMismatch(let type, let context):
            path = ProtoJSONError.path(context.codingPath)
            reason = ProtoJSONError.mismatch(expected: type, detail: context.debugDescription)
        case .valueNotFound(let type, let context):
            path = ProtoJSONError.path(context.codingPath)
            reason = "expected \(ProtoJSONError.jsonType(type)), found null"
        case .keyNotFound(let key, let context):
            path = ProtoJSONError.path(context.codingPath + [key])
            reason = "missing"
        case .dataCorrupted(let context):
            path = ProtoJSONError.path(context.codingPath)
            if let underlying = context.underlyingError as NSError? {
                reason = "not valid JSON: \(underlying.localizedDescription)"
            } else {
                reason = context.debugDescription
            }
        @unknown default:
            path = ""
            reason = String(describing: error)
        }
    }

    public var description: String {
        path.isEmpty ? reason : "\(path): \(reason)"
    }

    /// Returns the reason of a type mismatch. Foundation's detail, such as
    /// "Expected to decode String but found number instead.", becomes
    /// "expected a string, found number". Other details follow the expectation.
    static func mismatch(expected type: Any.Type, detail: String) -> String {
        let expected = "expected \(jsonType(type))"
        guard detail.hasPrefix("Expected to decode"), let found = detail.range(of: " but found "),
            let end = detail.range(of: " instead", range: found.upperBound..<detail.endIndex)
        else { return "\(expected); \(detail)" }
        return "\(expected), found \(detail[found.upperBound..<end.lowerBound])"
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }

    static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is any FixedWidthInteger.Type: "an integer"
        default: "\(type)"
        }
    }
}
