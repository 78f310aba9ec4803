/// A decimal number held exactly as an integer significand and a scale:
/// the value is `significand / 10^scale`. No floating point is involved.
///
/// The `+`, `-` and `*` operators trap on overflow of the 128-bit
/// significand. Code that multiplies client input uses
/// `multipliedReportingOverflow(by:)`, because two values at the parse
/// limits have a product above that bound.
public struct ExactDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let significand: Int128
    /// Digits after the decimal point.
    public let scale: Int

    /// Most digits before the point that `init(parsing:)` accepts.
    public static let maximumIntegerDigits = 15
    /// Most digits after the point that any value may carry.
    public static let maximumScale = 12

    public init(significand: Int128, scale: Int) {
        precondition(scale >= 0 && scale <= 2 * ExactDecimal.maximumScale, "scale out of range")
        self.significand = significand
        self.scale = scale
    }

    public static let zero = ExactDecimal(significand: 0, scale: 0)

    /// Parses plain decimal notation: an optional '-', digits, and optionally
    /// '.' followed by digits ("1190.00", "0.13", "-5"). Exponents, '+',
    /// spaces, thousands separators and a bare '.' are rejected.
    ///
    /// - Returns: nil when `text` is not of that form or has more than
    ///   `maximumIntegerDigits` digits before the point or more than
    ///   `maximumScale` after it.
    public init?(parsing text: String, maximumScale: Int = ExactDecimal.maximumScale) {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8 = utf8.dropFirst()
        }
        let parts = utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let integerPart = parts[0]
        let fractionPart = parts.count == 2 ? parts[1] : Substring("").utf8[...]
        guard !integerPart.isEmpty, parts.count == 1 || !fractionPart.isEmpty else { return nil }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard integerPart.allSatisfy(isDigit), fractionPart.allSatisfy(isDigit) else { return nil }
        let significantInteger = integerPart.drop { $0 == 0x30 }
        guard significantInteger.count <= ExactDecimal.maximumIntegerDigits,
            fractionPart.count <= maximumScale
        else { return nil }
        var value: Int128 = 0
        for byte in integerPart { value = value * 10 + Int128(byte - 0x30) }
        for byte in fractionPart { value = value * 10 + Int128(byte - 0x30) }
        self.init(significand: negative ? -value : value, scale: fractionPart.count)
    }

    public var isNegative: Bool { significand < 0 }

    /// The absolute value.
    public var magnitude: ExactDecimal {
        ExactDecimal(significand: isNegative ? -significand : significand, scale: scale)
    }
    public var isZero: Bool { significand == 0 }

    /// Returns the value rounded to `newScale` fraction digits, half away
    /// from zero (163.725 becomes 163.73, -0.005 becomes -0.01).
    public func rounded(toScale newScale: Int) -> ExactDecimal {
        if newScale >= scale {
            return ExactDecimal(
                significand: significand * ExactDecimal.powerOfTen(newScale - scale),
                scale: newScale)
        }
        let divisor = ExactDecimal.powerOfTen(scale - newScale)
        let quotient = significand / divisor
        let remainder = significand % divisor
        var rounded = quotient
        // |remainder| * 2 >= divisor means the dropped digits are at least one half.
        if remainder.magnitude * 2 >= divisor.magnitude {
            rounded += significand < 0 ? -1 : 1
        }
        return ExactDecimal(significand: rounded, scale: newScale)
    }

    public static func + (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        let scale = max(lhs.scale, rhs.scale)
        return ExactDecimal(
            significand: lhs.rescaled(to: scale) + rhs.rescaled(to: scale), scale: scale)
    }

    public static func - (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        lhs + ExactDecimal(significand: -rhs.significand, scale: rhs.scale)
    }

    /// Exact product; its scale is the sum of the scales.
    public static func * (lhs: ExactDecimal, rhs: ExactDecimal) -> ExactDecimal {
        ExactDecimal(significand: lhs.significand * rhs.significand, scale: lhs.scale + rhs.scale)
    }

    /// Exact product, or nil when its significand does not fit in 128 bits
    /// or its scale would exceed twice `maximumScale`.
    public func multipliedReportingOverflow(by other: ExactDecimal) -> ExactDecimal? {
        let (product, overflow) = significand.multipliedReportingOverflow(by: other.significand)
        guard !overflow, scale + other.scale <= 2 * ExactDecimal.maximumScale else { return nil }
        return ExactDecimal(significand: product, scale: scale + other.scale)
    }

    /// Number of digits before the decimal point, 0 for values below 1.
    public var integerDigitCount: Int {
        var value = significand.magnitude
        for _ in 0..<scale { value /= 10 }
        var digits = 0
        while value > 0 {
            value /= 10
            digits += 1
        }
        return digits
    }

    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.rescaled(to: scale) < rhs.rescaled(to: scale)
    }

    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
        let scale = max(lhs.scale, rhs.scale)
        return lhs.rescaled(to: scale) == rhs.rescaled(to: scale)
    }

    public func hash(into hasher: inout Hasher) {
        let normalized = normalizedSignificand()
        hasher.combine(normalized.significand)
        hasher.combine(normalized.scale)
    }

    /// Plain notation with exactly `scale` fraction digits ("1190.00").
    public var description: String {
        let digits = String(significand.magnitude)
        let sign = significand < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<split] + "." + padded[split...]
    }

    /// The same value without trailing fraction zeros ("2.500" becomes "2.5").
    public var normalized: ExactDecimal {
        let value = normalizedSignificand()
        return ExactDecimal(significand: value.significand, scale: value.scale)
    }

    private func normalizedSignificand() -> (significand: Int128, scale: Int) {
        var value = significand
        var currentScale = scale
        while currentScale > 0 && value % 10 == 0 {
            value /= 10
            currentScale -= 1
        }
        return (value, currentScale)
    }

    private func rescaled(to newScale: Int) -> Int128 {
        significand * ExactDecimal.powerOfTen(newScale - scale)
    }

    private static func powerOfTen(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}
