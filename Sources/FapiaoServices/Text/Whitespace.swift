extension String {
    /// Returns the string without leading and trailing whitespace, the
    /// characters of `CharacterSet.whitespaces` (tab and the Unicode space
    /// separators), without bridging through NSString.
    func trimmingWhitespace() -> String {
        func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last,
            isWhitespace(first) || isWhitespace(last)
        else { return self }
        guard let start = scalars.firstIndex(where: { !isWhitespace($0) }),
            let end = scalars.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(scalars[start...end])
    }
}
