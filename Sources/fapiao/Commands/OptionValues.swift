import FapiaoAPI
import Foundation

/// Parsing of option values that several commands share. Each function
/// returns nil for an option that was not given and throws `UsageError`,
/// naming the option and the expected form, for an invalid value.
enum OptionValues {
    /// Parses an enum value given by its lower-case name without the type
    /// prefix, such as `issued` for `INVOICE_STATUS_ISSUED`. The value
    /// numbered 0 (UNSPECIFIED) is not accepted.
    static func enumeration<Value: ProtoEnum>(
        _ text: String?, option: String, prefix: String, as type: Value.Type = Value.self
    ) throws -> Value? {
        guard let text else { return nil }
        let choices = Array(Value.allCases).filter { $0 != Value.defaultValue }
        let names = choices.map { DisplayText.enumValue($0.protoName, prefix: prefix) }
        guard let index = names.firstIndex(of: text.lowercased()) else {
            throw UsageError("invalid --\(option) '\(text)': expected one of \(names.joined(separator: ", "))")
        }
        return choices[index]
    }

    /// Parses a whole number in `range`.
    static func wholeNumber<Number: FixedWidthInteger>(
        _ text: String?, option: String, in range: ClosedRange<Number>, unit: String
    ) throws -> Number? {
        guard let text else { return nil }
        guard let value = Number(text), range.contains(value) else {
            throw UsageError(
                "invalid --\(option) '\(text)': expected a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Checks that `text` is a plain decimal such as 1190.50 and returns it
    /// unchanged, because the server parses it exactly.
    static func decimal(_ text: String?, option: String) throws -> String? {
        guard let text else { return nil }
        guard DecimalText.normalized(text) != nil else {
            throw UsageError("invalid --\(option) '\(text)': expected a decimal number such as 1190.50")
        }
        return text
    }

    /// Checks that `text` is an RFC 3339 time such as 2026-08-01T00:00:00+08:00
    /// and returns it unchanged.
    static func time(_ text: String?, option: String) throws -> String? {
        guard let text else { return nil }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard plain.date(from: text) != nil || fractional.date(from: text) != nil else {
            throw UsageError(
                "invalid --\(option) '\(text)': expected an RFC 3339 time such as 2026-08-01T00:00:00+08:00")
        }
        return text
    }
}
