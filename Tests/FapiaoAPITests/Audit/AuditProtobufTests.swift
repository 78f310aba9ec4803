import FapiaoAPI
import FapiaoWire
import Testing

@Suite struct AuditProtobufTests {
    @Test func accessLogEntryRoundTrip() throws {
        let entry = AuditFixtures.entries[0]

        let decoded = try protobufRoundTrip(entry)

        #expect(decoded == entry)
        #expect(decoded.entryID == 9_007_199_254_740_993)
        #expect(decoded.statusCode == 7)
        #expect(decoded.principalName == "王芳")
        #expect(decoded.statusMessage == "权限不足：需要 invoice.issue")
        #expect(decoded.changes == #"{"remarks":{"after":"已开票","before":"草稿"}}"#)
    }

    @Test func unsealedEntryRoundTrip() throws {
        let entry = AccessLogEntry(tenantID: AuditFixtures.tenantID, entryID: 7, method: "/m")

        let decoded = try protobufRoundTrip(entry)

        #expect(decoded == entry)
        #expect(decoded.sealSequence == 0)
        #expect(decoded.entryHash.isEmpty)
    }

    @Test func digestRoundTrip() throws {
        let digest = AuditFixtures.digest

        let decoded = try protobufRoundTrip(digest)

        #expect(decoded == digest)
        #expect(decoded.lastSealSequence == UInt64.max)
        #expect(decoded.signature.count == 128)
    }

    @Test func digestProtobufName() {
        #expect(AccessLogDigest.protobufName == "fapiao.audit.v1.Digest")
        #expect(ExportAccessLogRequest.protobufName == "fapiao.audit.v1.ExportRequest")
        #expect(AccessLogExportRecord.protobufName == "fapiao.audit.v1.ExportRecord")
    }

    @Test func listEntriesRequestRoundTrip() throws {
        let request = AuditFixtures.listRequest

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.pageSize == 1000)
        #expect(decoded.resourceType == "发票")
        #expect(try protobufRoundTrip(ListEntriesRequest()) == ListEntriesRequest())
    }

    @Test func listEntriesResponseRoundTrip() throws {
        let response = ListEntriesResponse(entries: AuditFixtures.entries, nextPageToken: "第二页")

        let decoded = try protobufRoundTrip(response)

        #expect(decoded == response)
        #expect(decoded.entries.count == 2)
        #expect(decoded.entries[1].principalName == "开票服务")
        #expect(decoded.nextPageToken == "第二页")
    }

    @Test func emptyListEntriesResponse() throws {
        let response = ListEntriesResponse()

        #expect(response.protobufBytes().isEmpty)
        #expect(try protobufRoundTrip(response) == response)
    }

    @Test func exportRequestRoundTrip() throws {
        let request = AuditFixtures.exportRequest

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.from == "2026-03-01T00:00:00Z")
        #expect(decoded.to == "2026-03-31T16:00:00Z")
    }

    @Test func publicKeyMessagesRoundTrip() throws {
        let key = AuditFixtures.publicKey

        let decoded = try protobufRoundTrip(key)

        #expect(decoded == key)
        #expect(decoded.pem.contains("审计公钥"))
        #expect(GetPublicKeyRequest().protobufBytes().isEmpty)
        #expect(try protobufRoundTrip(GetPublicKeyRequest()) == GetPublicKeyRequest())
    }

    @Test func garbageBytesThrow() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]

        #expect(throws: ProtobufDecodingError.self) { try AccessLogEntry(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try AccessLogDigest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListEntriesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListEntriesResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) {
            try ExportAccessLogRequest(protobufBytes: garbage)
        }
        #expect(throws: ProtobufDecodingError.self) {
            try AccessLogExportRecord(protobufBytes: garbage)
        }
        #expect(throws: ProtobufDecodingError.self) { try GetPublicKeyRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try PublicKey(protobufBytes: garbage) }
    }

    @Test func decodingErrorNamesMessage() throws {
        let garbage: [UInt8] = [0x0A, 0x05, 0x10]

        let error = try #require(throws: ProtobufDecodingError.self) {
            try AccessLogExportRecord(protobufBytes: garbage)
        }

        #expect(error.messageName == "fapiao.audit.v1.ExportRecord")
        #expect(error.byteCount == 3)
    }
}
