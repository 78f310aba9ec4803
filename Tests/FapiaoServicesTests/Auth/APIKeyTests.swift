@testable import FapiaoServices
import Testing

@Suite struct APIKeyTests {
    static let tenantID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
    static let tenantHex = "6f1c2d3e4a5b4c6d8e7f901a2b3c4d5e"
    static let keyID = "0011223344556677"
    static let secretHex = String(repeating: "0123456789abcdef", count: 4)

    static func isLowercaseHex(_ text: Substring) -> Bool {
        text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    @Test func generateThenParse() throws {
        let key = try APIKey.generate(tenantID: APIKeyTests.tenantID)

        let parsed = try #require(APIKey(parsing: key.text))

        #expect(parsed.tenantID == APIKeyTests.tenantID)
        #expect(parsed.keyID == key.keyID)
        #expect(parsed == key)
        #expect(parsed.secretHash == key.secretHash)
    }

    @Test func textFormat() throws {
        let key = try APIKey.generate(tenantID: APIKeyTests.tenantID)

        let text = key.text
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)

        #expect(text.hasPrefix("fpk_"))
        try #require(parts.count == 4)
        #expect(parts[0] == "fpk")
        #expect(parts[1] == Substring(APIKeyTests.tenantHex))
        #expect(parts[2].count == 16)
        #expect(parts[3].count == 64)
        #expect(APIKeyTests.isLowercaseHex(parts[2]))
        #expect(APIKeyTests.isLowercaseHex(parts[3]))
    }

    @Test func uppercaseTenantLowercased() throws {
        let key = try APIKey.generate(tenantID: APIKeyTests.tenantID.uppercased())

        #expect(key.tenantID == APIKeyTests.tenantID)
    }

    @Test func generatedKeysDiffer() throws {
        let first = try APIKey.generate(tenantID: APIKeyTests.tenantID)
        let second = try APIKey.generate(tenantID: APIKeyTests.tenantID)

        #expect(first.keyID != second.keyID)
        #expect(first.secretHash != second.secretHash)
    }

    @Test func matchesStoredHash() throws {
        let key = try APIKey.generate(tenantID: APIKeyTests.tenantID)
        let other = try APIKey.generate(tenantID: APIKeyTests.tenantID)

        #expect(key.secretHash.count == 32)
        #expect(key.matches(storedHash: key.secretHash))
        #expect(!key.matches(storedHash: other.secretHash))
        #expect(!key.matches(storedHash: Array(key.secretHash.prefix(31))))
        #expect(!key.matches(storedHash: []))
    }

    @Test func parseHandWrittenKey() throws {
        let text = "fpk_\(APIKeyTests.tenantHex)_\(APIKeyTests.keyID)_\(APIKeyTests.secretHex)"

        let key = try #require(APIKey(parsing: text))

        #expect(key.tenantID == APIKeyTests.tenantID)
        #expect(key.keyID == APIKeyTests.keyID)
        #expect(key.text == text)
        #expect(key.secretHashByteaHex.hasPrefix("\\x"))
        #expect(key.secretHashByteaHex.count == 2 + 64)
    }

    @Test(arguments: [
        // Wrong prefix.
        "fpx_\(tenantHex)_\(keyID)_\(secretHex)",
        "FPK_\(tenantHex)_\(keyID)_\(secretHex)",
        "\(tenantHex)_\(keyID)_\(secretHex)",
        // Wrong lengths of tenant, key id and secret.
        "fpk_\(tenantHex.dropLast())_\(keyID)_\(secretHex)",
        "fpk_\(tenantHex)0_\(keyID)_\(secretHex)",
        "fpk_\(tenantHex)_\(keyID.dropLast())_\(secretHex)",
        "fpk_\(tenantHex)_\(keyID)00_\(secretHex)",
        "fpk_\(tenantHex)_\(keyID)_\(secretHex.dropLast())",
        "fpk_\(tenantHex)_\(keyID)_\(secretHex)00",
        // Upper-case hex digits.
        "fpk_\(tenantHex.uppercased())_\(keyID)_\(secretHex)",
        "fpk_\(tenantHex)_\(keyID)_\(secretHex.uppercased())",
        "fpk_\(tenantHex)_00112233445566AA_\(secretHex)",
        // Extra or missing underscore.
        "fpk_\(tenantHex)_\(keyID)_\(secretHex)_",
        "fpk__\(tenantHex)_\(keyID)_\(secretHex)",
        "fpk_\(tenantHex)\(keyID)_\(secretHex)",
        // Not hex.
        "fpk_\(tenantHex)_001122334455667g_\(secretHex)",
        "",
        "fpk_",
    ])
    func parseRejects(text: String) {
        #expect(APIKey(parsing: text) == nil)
    }
}
