import Foundation
import Testing

@testable import FapiaoAudit

@Suite struct AuditCSVTests {
    @Test func headerListsColumnsInOrder() {
        #expect(
            AuditCSV.header
                == "tenant_id,seal_sequence,entry_id,time,principal_id,principal_name,credential,"
                + "client_address,request_id,method,resource_type,resource_id,status_code,"
                + "status_message,changes,entry_hash\r\n")
    }

    @Test func roundTripIsExact() throws {
        var entries = (1...4).map { SampleRecords.entry(sealSequence: $0, entryID: $0 + 10) }
        entries[1].statusMessage = ""
        entries[2].principalName = "  leading and trailing spaces  "
        entries[3].statusMessage = "\"\"\r\n,\n\r中文,"
        entries[3].changes = ""
        let text = AuditCSV.header + entries.map(AuditCSV.encode).joined()
        #expect(try AuditCSV.decode(text) == entries)
    }

    @Test func quotesOnlyFieldsThatNeedIt() {
        var entry = SampleRecords.entry(sealSequence: 1, entryID: 1)
        entry.principalName = "a,b"
        entry.statusMessage = "say \"hi\""
        entry.changes = ""
        entry.resourceID = "plain"
        let record = AuditCSV.encode(entry)
        #expect(record.contains(",\"a,b\","))
        #expect(record.contains(",\"say \"\"hi\"\"\","))
        #expect(record.contains(",plain,"))
        #expect(record.hasSuffix("\r\n"))
    }

    @Test func parsesLineFeedRecordEnds() throws {
        let entry = SampleRecords.entry(sealSequence: 3, entryID: 4)
        let text = (AuditCSV.header + AuditCSV.encode(entry)).replacingOccurrences(
            of: "\r\n", with: "\n")
        let decoded = try AuditCSV.decode(text)
        // The quoted CR LF inside status_message became LF as well.
        #expect(decoded.count == 1)
        #expect(decoded.first?.statusMessage == entry.statusMessage.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(decoded.first?.entryHash == entry.entryHash)
    }

    @Test func parsesLastRecordWithoutLineEnd() throws {
        let entry = SampleRecords.entry(sealSequence: 3, entryID: 4)
        // Swift treats CR LF as one Character, so dropLast(1) removes both bytes.
        let text = AuditCSV.header + AuditCSV.encode(entry).dropLast(1)
        #expect(!text.hasSuffix("\n"))
        #expect(try AuditCSV.decode(String(text)) == [entry])
    }

    @Test func wrongHeaderIsRejected() throws {
        let text = "tenant_id,entry_id\r\n"
        let error = try #require(throws: AuditError.self) { try AuditCSV.decode(text) }
        #expect(error.reasons.first?.hasPrefix("line 1: the header must be") == true)
    }

    @Test func fieldCountNamesLine() throws {
        let entry = SampleRecords.entry(sealSequence: 3, entryID: 4)
        // The sample's status_message spans two lines, so the third record starts on line 4.
        let text = AuditCSV.header + AuditCSV.encode(entry) + "a,b,c\r\n"
        let error = try #require(throws: AuditError.self) { try AuditCSV.decode(text) }
        #expect(error.reasons == ["line 4: expected 16 fields, found 3"])
    }

    @Test func rejectsMalformedRecords() {
        let entry = SampleRecords.entry(sealSequence: 3, entryID: 4)
        let record = AuditCSV.encode(entry)
        let cases = [
            record.replacingOccurrences(of: ",3,4,", with: ",x3,4,"),
            record.replacingOccurrences(of: ",3,4,", with: ",03,4,"),
            record.replacingOccurrences(of: ",3,4,", with: ",,4,"),
            record.replacingOccurrences(of: "tenant-a", with: "ten\"ant"),
            record.replacingOccurrences(of: "\"张三", with: "\"x\"张三"),
            record.replacingOccurrences(of: "tenant-a", with: "ten\rant"),
            String(record.dropLast(1)).replacingOccurrences(
                of: #"{""amount"#, with: #""{""amount"#) + "\r\n",
            record + "\"unterminated",
        ]
        for text in cases {
            #expect(text != record)
            #expect(throws: AuditError.self, "accepted \(text.debugDescription)") {
                try AuditCSV.decode(AuditCSV.header + text)
            }
        }
    }
}
