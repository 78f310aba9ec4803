import FapiaoWire
import Testing

@Suite struct MetadataTests {
    @Test func validKeys() {
        var metadata = Metadata()
        metadata.add("authorization", "Bearer fpk_abc")
        metadata.add("request-id", "r-1")
        metadata.add("x_custom.key-2", "值")
        let binary = Metadata.Entry(key: "trace-bin", value: [0xFF, 0x00, 0xFE])

        #expect(Metadata(metadata.entries + [binary]).validationFailure() == nil)
    }

    @Test func emptyMetadataValid() {
        #expect(Metadata().validationFailure() == nil)
    }

    @Test(arguments: ["Authorization", "request id", "grpc-timeout", "key/slash", "ключ"])
    func invalidKeyNamed(key: String) throws {
        let metadata = Metadata([Metadata.Entry(key: key, value: Array("v".utf8))])

        let failure = try #require(metadata.validationFailure())

        #expect(failure.contains("'\(key)'"))
    }

    @Test func emptyKeyRejected() throws {
        let metadata = Metadata([Metadata.Entry(key: "", value: Array("v".utf8))])

        let failure = try #require(metadata.validationFailure())

        #expect(failure.contains("empty"))
    }

    @Test func badKeyAfterGoodKey() throws {
        var metadata = Metadata()
        metadata.add("request-id", "r-1")
        metadata.add("Bad", "x")

        let failure = try #require(metadata.validationFailure())

        #expect(failure.contains("'Bad'"))
    }

    @Test func nonUTF8TextValueRejected() throws {
        // 0xC3 starts a two-byte sequence that 0x28 does not continue.
        let metadata = Metadata([Metadata.Entry(key: "note", value: [0xC3, 0x28])])

        let failure = try #require(metadata.validationFailure())

        #expect(failure.contains("'note'"))
    }

    @Test func nonUTF8BinaryValueAllowed() {
        let metadata = Metadata([Metadata.Entry(key: "note-bin", value: [0xC3, 0x28])])

        #expect(metadata.validationFailure() == nil)
    }

    @Test func sizeAtLimitAllowed() {
        // Key "k" (1 byte) plus a value of 8191 bytes is exactly 8192.
        let metadata = Metadata([Metadata.Entry(key: "k", value: [UInt8](repeating: 0x61, count: 8191))])

        #expect(metadata.size == 8192)
        #expect(metadata.validationFailure() == nil)
    }

    @Test func sizeAboveLimitRejected() throws {
        let metadata = Metadata([
            Metadata.Entry(key: "a", value: [UInt8](repeating: 0x61, count: 4096)),
            Metadata.Entry(key: "b", value: [UInt8](repeating: 0x62, count: 4096)),
        ])

        let failure = try #require(metadata.validationFailure())

        #expect(metadata.size == 8194)
        #expect(failure.contains("8194"))
        #expect(failure.contains("8192"))
    }

    @Test func textOfBinaryKeyIsNil() {
        let entry = Metadata.Entry(key: "x-bin", value: Array("abc".utf8))

        #expect(entry.text == nil)
        #expect(Metadata.Entry(key: "x", value: Array("abc".utf8)).text == "abc")
    }

    @Test func setReplacesEveryEntry() {
        var metadata = Metadata()
        metadata.add("request-id", "one")
        metadata.add("request-id", "two")
        metadata.add("other", "x")

        metadata.set("request-id", "three")

        #expect(metadata.entries.count == 2)
        #expect(metadata["request-id"] == "three")
        #expect(metadata["other"] == "x")
        #expect(metadata["missing"] == nil)
    }
}
