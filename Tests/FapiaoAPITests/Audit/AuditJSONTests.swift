import FapiaoAPI
import Testing

@Suite struct AuditJSONTests {
    @Test func messagesRoundTrip() throws {
        let response = ListEntriesResponse(entries: AuditFixtures.entries, nextPageToken: "第二页")

        #expect(try jsonRoundTrip(AuditFixtures.entries[0]) == AuditFixtures.entries[0])
        #expect(try jsonRoundTrip(AuditFixtures.entries[1]) == AuditFixtures.entries[1])
        #expect(try jsonRoundTrip(AuditFixtures.digest) == AuditFixtures.digest)
        #expect(try jsonRoundTrip(AuditFixtures.listRequest) == AuditFixtures.listRequest)
        #expect(try jsonRoundTrip(response) == response)
        #expect(try jsonRoundTrip(AuditFixtures.exportRequest) == AuditFixtures.exportRequest)
        #expect(try jsonRoundTrip(GetPublicKeyRequest()) == GetPublicKeyRequest())
        #expect(try jsonRoundTrip(AuditFixtures.publicKey) == AuditFixtures.publicKey)
    }

    @Test func encodedEntryNames() throws {
        let object = try encodedJSONObject(AuditFixtures.entries[0])

        #expect(
            Set(object.keys) == [
                "tenantId", "entryId", "sealSequence", "time", "principalId", "principalName",
                "credential", "clientAddress", "requestId", "method", "resourceType",
                "resourceId", "statusCode", "statusMessage", "changes", "entryHash",
            ])
        #expect(object["entryId"] as? String == "9007199254740993")
        #expect(object["sealSequence"] as? String == "42")
        #expect(object["statusCode"] as? Int == 7)
        #expect(object["principalName"] as? String == "王芳")
    }

    @Test func encodedDigestNames() throws {
        let object = try encodedJSONObject(AuditFixtures.digest)

        #expect(
            Set(object.keys) == [
                "tenantId", "digestSequence", "firstSealSequence", "lastSealSequence",
                "entriesHash", "previousDigestHash", "digestHash", "signature", "keyId",
                "createdAt",
            ])
        #expect(object["digestSequence"] as? String == "3")
        #expect(object["lastSealSequence"] as? String == "18446744073709551615")
        #expect(object["keyId"] as? String == "0123456789abcdef")
    }

    @Test func encodedRequestNames() throws {
        let list = try encodedJSONObject(AuditFixtures.listRequest)
        let export = try encodedJSONObject(AuditFixtures.exportRequest)
        let key = try encodedJSONObject(AuditFixtures.publicKey)
        let response = try encodedJSONObject(ListEntriesResponse(nextPageToken: "第二页"))

        #expect(
            Set(list.keys) == [
                "from", "to", "principalId", "method", "resourceType", "resourceId", "outcome",
                "pageSize", "pageToken",
            ])
        #expect(list["pageSize"] as? Int == 1000)
        #expect(Set(export.keys) == ["from", "to"])
        #expect(Set(key.keys) == ["keyId", "algorithm", "pem"])
        #expect(Set(response.keys) == ["nextPageToken"])
    }

    @Test func defaultsOmitted() throws {
        #expect(try encodedJSONObject(AccessLogEntry()).isEmpty)
        #expect(try encodedJSONObject(AccessLogDigest()).isEmpty)
        #expect(try encodedJSONObject(ListEntriesRequest()).isEmpty)
        #expect(try encodedJSONObject(ListEntriesResponse()).isEmpty)
        #expect(try encodedJSONObject(ExportAccessLogRequest()).isEmpty)
        #expect(try encodedJSONObject(GetPublicKeyRequest()).isEmpty)
        #expect(try encodedJSONObject(PublicKey()).isEmpty)
    }

    @Test func entryNames() throws {
        let json = #"""
            {"tenantId":"t","entryId":"12","sealSequence":"3","time":"2026-03-04T05:06:07.000000Z",
             "principalId":"p","principalName":"王芳","credential":"api_key:k","clientAddress":"a",
             "requestId":"r","method":"/m","resourceType":"invoice","resourceId":"i",
             "statusCode":7,"statusMessage":"权限不足","changes":"{}","entryHash":"h"}
            """#

        let entry = try decodeJSON(AccessLogEntry.self, json)

        #expect(
            entry
                == AccessLogEntry(
                    tenantID: "t", entryID: 12, sealSequence: 3,
                    time: "2026-03-04T05:06:07.000000Z", principalID: "p", principalName: "王芳",
                    credential: "api_key:k", clientAddress: "a", requestID: "r", method: "/m",
                    resourceType: "invoice", resourceID: "i", statusCode: 7,
                    statusMessage: "权限不足", changes: "{}", entryHash: "h"))
    }

    @Test func snakeCaseNamesAccepted() throws {
        let entry = try decodeJSON(
            AccessLogEntry.self, #"{"entry_id":"12","seal_sequence":3,"status_code":"5"}"#)
        let digest = try decodeJSON(
            AccessLogDigest.self, #"{"digest_sequence":"2","previous_digest_hash":"00","key_id":"k"}"#)
        let request = try decodeJSON(
            ListEntriesRequest.self, #"{"principal_id":"p","page_size":10,"page_token":"t"}"#)
        let response = try decodeJSON(ListEntriesResponse.self, #"{"next_page_token":"n"}"#)
        let key = try decodeJSON(PublicKey.self, #"{"key_id":"k"}"#)

        #expect(entry == AccessLogEntry(entryID: 12, sealSequence: 3, statusCode: 5))
        #expect(digest == AccessLogDigest(digestSequence: 2, previousDigestHash: "00", keyID: "k"))
        #expect(request == ListEntriesRequest(principalID: "p", pageSize: 10, pageToken: "t"))
        #expect(response == ListEntriesResponse(nextPageToken: "n"))
        #expect(key == PublicKey(keyID: "k"))
    }

    @Test func invalidIntegerRejected() throws {
        let error = try #require(jsonDecodingError(AccessLogDigest.self, #"{"digestSequence":"-1"}"#))

        #expect(error.path == "digestSequence")
        #expect(error.reason.contains("UInt64"))
    }

    @Test func unknownFieldsRejected() throws {
        let entry = try #require(jsonDecodingError(AccessLogEntry.self, #"{"entryId":"1","user":"王芳"}"#))
        let digest = try #require(jsonDecodingError(AccessLogDigest.self, #"{"sequence":"1"}"#))
        let list = try #require(jsonDecodingError(ListEntriesRequest.self, #"{"limit":10}"#))
        let response = try #require(jsonDecodingError(ListEntriesResponse.self, #"{"records":[]}"#))
        let export = try #require(jsonDecodingError(ExportAccessLogRequest.self, #"{"until":"t"}"#))
        let getKey = try #require(jsonDecodingError(GetPublicKeyRequest.self, #"{"keyId":"k"}"#))
        let key = try #require(jsonDecodingError(PublicKey.self, #"{"der":"MCow"}"#))

        #expect(entry.path == "user")
        #expect(entry.reason.contains("fapiao.audit.v1.AccessLogEntry"))
        #expect(digest.path == "sequence")
        #expect(digest.reason.contains("fapiao.audit.v1.Digest"))
        #expect(list.path == "limit")
        #expect(list.reason.contains("fapiao.audit.v1.ListEntriesRequest"))
        #expect(response.path == "records")
        #expect(response.reason.contains("fapiao.audit.v1.ListEntriesResponse"))
        #expect(export.path == "until")
        #expect(export.reason.contains("fapiao.audit.v1.ExportRequest"))
        #expect(getKey.path == "keyId")
        #expect(getKey.reason.contains("fapiao.audit.v1.GetPublicKeyRequest"))
        #expect(key.path == "der")
        #expect(key.reason.contains("fapiao.audit.v1.PublicKey"))
    }

    @Test func unknownFieldInListedEntryRejected() throws {
        let json = #"{"entries":[{"entryId":"1"},{"entryId":"2","extra":true}]}"#

        let error = try #require(jsonDecodingError(ListEntriesResponse.self, json))

        #expect(error.path == "entries[1].extra")
    }
}
