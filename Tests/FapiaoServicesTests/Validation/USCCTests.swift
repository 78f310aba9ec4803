@testable import FapiaoServices
import Testing

@Suite struct USCCTests {
    /// A published enterprise code. Its weighted sum over the first 17
    /// characters is 831, 831 mod 31 = 25, and 31 - 25 = 6 gives '6'.
    static let publishedCode = "914403001922038216"

    @Test func publishedCodeValid() {
        #expect(USCC.validationFailure(USCCTests.publishedCode) == nil)
    }

    @Test func wrongCheckCharacter() throws {
        let failure = try #require(USCC.validationFailure("914403001922038217"))

        #expect(failure.contains("'6'"))
        #expect(failure.contains("'7'"))
    }

    @Test func handComputedCheckCharacter() {
        // The characters 9 1 3 1 0 1 1 5 M A 1 K 4 C X M 1 have the values
        // 9 1 3 1 0 1 1 5 21 10 1 19 4 12 29 21 1. The weights 3^(i-1) mod 31
        // are 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28. The weighted
        // sum is 2443, 2443 mod 31 = 25, and 31 - 25 = 6 gives '6'.
        #expect(USCC.checkCharacter(for: "91310115MA1K4CXM1") == "6")
        #expect(USCC.validationFailure("91310115MA1K4CXM16") == nil)
    }

    @Test func checkValueThirtyOneBecomesZero() {
        // The weighted sum of 91110000710931239 is 744 = 24 * 31, so
        // 31 - 0 = 31, which the rule maps to '0'.
        #expect(USCC.checkCharacter(for: "91110000710931239") == "0")
        #expect(USCC.validationFailure("911100007109312390") == nil)
    }

    @Test(arguments: ["91440300192203821", "9144030019220382160", "", "9"])
    func wrongLength(code: String) throws {
        let failure = try #require(USCC.validationFailure(code))

        #expect(failure.contains("18"))
        #expect(failure.contains("\(code.count)"))
    }

    @Test(arguments: ["I", "O", "S", "V", "Z"])
    func excludedLetter(letter: String) throws {
        // Replaces the 'A' at position 10 of the valid code 91310115MA1K4CXM16.
        let code = "91310115M" + letter + "1K4CXM16"

        let failure = try #require(USCC.validationFailure(code))

        #expect(failure.contains("'\(letter)'"))
    }

    @Test func lowercaseRejected() {
        #expect(USCC.validationFailure("91310115ma1k4cxm16") != nil)
    }

    @Test func checkCharacterNeedsSeventeen() {
        #expect(USCC.checkCharacter(for: "9131011") == nil)
        #expect(USCC.checkCharacter(for: "91310115MA1K4CXMI") == nil)
    }
}
