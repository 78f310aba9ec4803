/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18
/// characters from `0123456789ABCDEFGHJKLMNPQRTUWXY`, the last a check
/// character over the first 17.
public enum USCC {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// Returns the check character for the first 17 characters, or nil when
    /// one of them is outside the code's character set.
    ///
    /// Weights are 3^(i-1) mod 31 for positions i = 1...17; the check value
    /// is 31 - (sum mod 31), where 31 becomes 0.
    public static func checkCharacter(for prefix: some StringProtocol) -> Character? {
        let characters = Array(prefix)
        guard characters.count == 17 else { return nil }
        var sum = 0
        var weight = 1
        for character in characters {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weight
            weight = weight * 3 % 31
        }
        let check = (31 - sum % 31) % 31
        return alphabet[check]
    }

    /// Returns nil when `code` is a valid USCC, else the reason it is not.
    public static func validationFailure(_ code: String) -> String? {
        let characters = Array(code)
        guard characters.count == 18 else {
            return "a unified social credit code has 18 characters, got \(characters.count)"
        }
        if let bad = characters.first(where: { !alphabet.contains($0) }) {
            return "character '\(bad)' is not allowed in a unified social credit code"
                + " (allowed: 0-9 and A-Z without I, O, S, V, Z)"
        }
        // Safe to force-unwrap: all 17 characters are in the alphabet.
        let expected = checkCharacter(for: String(characters.prefix(17)))!
        guard characters[17] == expected else {
            return "check character is '\(characters[17])' but GB 32100-2015 gives '\(expected)'"
        }
        return nil
    }
}
