import FapiaoAPI
import FapiaoWire
import Testing

@Suite struct AccessLogExportRecordTests {
    @Test func digestCaseRoundTrip() throws {
        let record = AccessLogExportRecord(record: .digest(AuditFixtures.digest))

        #expect(try protobufRoundTrip(record) == record)
        #expect(try jsonRoundTrip(record) == record)
    }

    @Test func entryCaseRoundTrip() throws {
        let record = AccessLogExportRecord(record: .entry(AuditFixtures.entries[0]))

        #expect(try protobufRoundTrip(record) == record)
        #expect(try jsonRoundTrip(record) == record)
    }

    @Test func unsetRecordRoundTrip() throws {
        let record = AccessLogExportRecord()

        #expect(record.record == nil)
        #expect(record.protobufBytes().isEmpty)
        #expect(try protobufRoundTrip(record) == record)
        #expect(try jsonRoundTrip(record) == record)
        #expect(try encodedJSONObject(record).isEmpty)
    }

    @Test func digestCaseBytes() throws {
        let record = AccessLogExportRecord(record: .digest(AccessLogDigest(digestSequence: 1)))
        // Field 1 (digest), length-delimited: tag (1 << 3) | 2 = 0x0A, length 2,
        // then field 2 (digest_sequence), varint: tag (2 << 3) | 0 = 0x10, value 1.
        let expected: [UInt8] = [0x0A, 0x02, 0x10, 0x01]

        let bytes = record.protobufBytes()

        #expect(bytes == expected)
        #expect(try AccessLogExportRecord(protobufBytes: expected) == record)
    }

    @Test func entryCaseBytes() throws {
        let record = AccessLogExportRecord(record: .entry(AccessLogEntry(entryID: 5)))
        // Field 2 (entry), length-delimited: tag (2 << 3) | 2 = 0x12, length 2,
        // then field 2 (entry_id), varint: tag 0x10, value 5.
        let expected: [UInt8] = [0x12, 0x02, 0x10, 0x05]

        let bytes = record.protobufBytes()

        #expect(bytes == expected)
        #expect(try AccessLogExportRecord(protobufBytes: expected) == record)
    }

    @Test func emptyDigestCaseKept() throws {
        let record = AccessLogExportRecord(record: .digest(AccessLogDigest()))

        let decoded = try protobufRoundTrip(record)

        #expect(record.protobufBytes() == [0x0A, 0x00])
        #expect(decoded.record == .digest(AccessLogDigest()))
        #expect(try jsonRoundTrip(record) == record)
    }

    @Test func lastOneofMemberOnWireWins() throws {
        // A digest with digest_sequence 1, then an entry with entry_id 5.
        let bytes: [UInt8] = [0x0A, 0x02, 0x10, 0x01, 0x12, 0x02, 0x10, 0x05]

        let decoded = try AccessLogExportRecord(protobufBytes: bytes)

        #expect(decoded.record == .entry(AccessLogEntry(entryID: 5)))
    }

    @Test func encodedDigestCaseNames() throws {
        let record = AccessLogExportRecord(record: .digest(AccessLogDigest(digestSequence: 1)))

        let object = try encodedJSONObject(record)
        let digest = try #require(object["digest"] as? [String: Any])

        #expect(Set(object.keys) == ["digest"])
        #expect(digest["digestSequence"] as? String == "1")
        #expect(Set(digest.keys) == ["digestSequence"])
    }

    @Test func encodedEntryCaseNames() throws {
        let record = AccessLogExportRecord(record: .entry(AuditFixtures.entries[1]))

        let object = try encodedJSONObject(record)
        let entry = try #require(object["entry"] as? [String: Any])

        #expect(Set(object.keys) == ["entry"])
        #expect(entry["principalName"] as? String == "开票服务")
        #expect(entry["entryId"] as? String == "43")
    }

    @Test func decodesDigestCase() throws {
        let json = #"{"digest":{"digestSequence":"1","keyId":"0123456789abcdef"}}"#

        let record = try decodeJSON(AccessLogExportRecord.self, json)

        #expect(record.record == .digest(AccessLogDigest(digestSequence: 1, keyID: "0123456789abcdef")))
    }

    @Test func decodesEntryCase() throws {
        let json = #"{"entry":{"entryId":"5","principalName":"王芳"}}"#

        let record = try decodeJSON(AccessLogExportRecord.self, json)

        #expect(record.record == .entry(AccessLogEntry(entryID: 5, principalName: "王芳")))
    }

    @Test func nullMemberIsUnset() throws {
        let json = #"{"digest":null,"entry":{"entryId":"5"}}"#

        let record = try decodeJSON(AccessLogExportRecord.self, json)

        #expect(record.record == .entry(AccessLogEntry(entryID: 5)))
        #expect(try decodeJSON(AccessLogExportRecord.self, "{}").record == nil)
    }

    @Test func bothMembersRejected() throws {
        let json = #"{"digest":{"digestSequence":"1"},"entry":{"entryId":"5"}}"#

        let error = try #require(jsonDecodingError(AccessLogExportRecord.self, json))

        #expect(error.path == "")
        #expect(error.reason.contains("oneof 'record'"))
        #expect(error.reason.contains("fapiao.audit.v1.ExportRecord"))
    }

    @Test func unknownFieldRejected() throws {
        let error = try #require(jsonDecodingError(AccessLogExportRecord.self, #"{"record":{}}"#))

        #expect(error.path == "record")
        #expect(error.reason.contains("fapiao.audit.v1.ExportRecord"))
    }

    @Test func unknownNestedFieldRejected() throws {
        let json = #"{"digest":{"digestSequence":"1","sealedBy":"王芳"}}"#

        let error = try #require(jsonDecodingError(AccessLogExportRecord.self, json))

        #expect(error.path == "digest.sealedBy")
        #expect(error.reason.contains("fapiao.audit.v1.Digest"))
    }
}
