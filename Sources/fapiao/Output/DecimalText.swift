/// Exact decimal numbers written as text, such as "1190.50", compared
/// without converting them to a binary floating-point type.
enum DecimalText {
    /// Returns the canonical form of a plain decimal: no sign for zero or
    /// positive values, no leading zeros before the point, no trailing zeros
    /// after it and no point without digits after it. "010.50", "+10.5" and
    /// "10.500" all become "10.5", and "-0.00" becomes "0".
    ///
    /// - Returns: nil for anything but an optional sign, digits and at most
    ///   one point with a digit on at least one side (no exponent, no spaces).
    static func normalized(_ text: String) -> String? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = parts[0]
        let fractionPart = parts.count == 2 ? parts[1] : ""
        guard !(integerPart.isEmpty && fractionPart.isEmpty),
            integerPart.allSatisfy(\.isASCIIDigit), fractionPart.allSatisfy(\.isASCIIDigit)
        else { return nil }

        let integer = integerPart.drop { $0 == "0" }
        var fraction = fractionPart
        while fraction.last == "0" { fraction.removeLast() }
        var result = integer.isEmpty ? "0" : String(integer)
        if !fraction.isEmpty { result += "." + fraction }
        if negative && result != "0" { result = "-" + result }
        return result
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
