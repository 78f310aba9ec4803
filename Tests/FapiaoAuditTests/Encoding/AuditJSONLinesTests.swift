import Foundation
import Testing

@testable import FapiaoAudit

@Suite struct AuditJSONLinesTests {
    static let entry = SampleRecords.entry(sealSequence: 42, entryID: 50)

    @Test func entryRoundTripIsExact() throws {
        var entry = Self.entry
        entry.statusMessage = "逗号, \"引号\"\n换行\r\t\u{01}\\ / 😀"
        let line = AuditJSONLines.encode(entry)
        #expect(!line.contains("\n"))
        #expect(try AuditJSONLines.decodeEntry(line, lineNumber: 1) == entry)
    }

    @Test func digestRoundTripIsExact() throws {
        let key = try SigningKey.generate()
        let digest = try SampleRecords.chain(key: key, digestCount: 1, entriesPerDigest: 2)[0].digest
        let line = AuditJSONLines.encode(digest)
        #expect(try AuditJSONLines.decodeDigest(line, lineNumber: 1) == digest)
    }

    @Test func keysAreSortedSnakeCase() throws {
        let line = AuditJSONLines.encode(Self.entry)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == AuditCSV.columns.sorted())
        let positions = AuditCSV.columns.sorted().map { line.range(of: "\"\($0)\":")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(object["seal_sequence"] as? Int == 42)
        #expect(object["status_message"] as? String == Self.entry.statusMessage)
    }

    @Test func decodesEscapesFromOtherWriters() throws {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Data(AuditJSONLines.encode(Self.entry).utf8))
                as? [String: Any])
        object["principal_name"] = "\u{1F600}/\u{4E2D}"
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let decoded = try AuditJSONLines.decodeEntry(String(decoding: data, as: UTF8.self), lineNumber: 1)
        #expect(decoded.principalName == "\u{1F600}/\u{4E2D}")
        let escaped = AuditJSONLines.encode(Self.entry).replacingOccurrences(
            of: "\"principal_name\":\"", with: "\"principal_name\":\"\\ud83d\\ude00\\u4e2d")
        let fromEscapes = try AuditJSONLines.decodeEntry(escaped, lineNumber: 1)
        #expect(fromEscapes.principalName == "😀中" + Self.entry.principalName)
    }

    @Test func unknownKeyNamesLine() throws {
        let line = AuditJSONLines.encode(Self.entry).dropLast() + ",\"extra\":\"x\"}"
        let error = try #require(throws: AuditError.self) {
            try AuditJSONLines.decodeEntry(String(line), lineNumber: 7)
        }
        #expect(error.reasons == ["line 7: unknown key \"extra\""])
    }

    @Test func wrongTypeNamesLineAndKey() throws {
        let line = AuditJSONLines.encode(Self.entry).replacingOccurrences(
            of: "\"entry_id\":50", with: "\"entry_id\":\"50\"")
        let error = try #require(throws: AuditError.self) {
            try AuditJSONLines.decodeEntry(line, lineNumber: 3)
        }
        #expect(error.reasons == ["line 3: \"entry_id\" must be an unsigned integer, found a string"])
    }

    @Test func rejectsMalformedValues() throws {
        let line = AuditJSONLines.encode(Self.entry)
        let cases: [(String, String)] = [
            ("\"entry_id\":50", "\"entry_id\":-50"),
            ("\"entry_id\":50", "\"entry_id\":50.0"),
            ("\"entry_id\":50", "\"entry_id\":5e1"),
            ("\"entry_id\":50", "\"entry_id\":050"),
            ("\"entry_id\":50", "\"entry_id\":null"),
            ("\"status_code\":7", "\"status_code\":4294967296"),
            ("\"time\":\"", "\"time\":\"\\x"),
            ("\"time\":\"", "\"time\":\"\\ud800"),
            ("\"time\":\"", "\"time\":\"\t"),
            ("\"method\":", "\"method\":1,\"method\":"),
        ]
        for (original, replacement) in cases {
            #expect(line.contains(original), "sample line lacks \(original)")
            let changed = line.replacingOccurrences(of: original, with: replacement)
            #expect(throws: AuditError.self, "accepted \(replacement)") {
                try AuditJSONLines.decodeEntry(changed, lineNumber: 1)
            }
        }
    }

    @Test func missingKeyIsRejected() throws {
        let line = AuditJSONLines.encode(Self.entry).replacingOccurrences(
            of: ",\"time\":\"\(Self.entry.time)\"", with: "")
        let error = try #require(throws: AuditError.self) {
            try AuditJSONLines.decodeEntry(line, lineNumber: 2)
        }
        #expect(error.reasons == ["line 2: missing key \"time\""])
    }

    @Test func decodeEntriesNamesFailingLine() throws {
        let good = AuditJSONLines.encode(Self.entry)
        let text = good + "\n" + good + "\n" + "{}\n"
        let error = try #require(throws: AuditError.self) {
            try AuditJSONLines.decodeEntries(text)
        }
        #expect(error.reasons.first?.hasPrefix("line 3: missing key") == true)
    }

    @Test func decodeEntriesReadsEveryLine() throws {
        let entries = (1...3).map { SampleRecords.entry(sealSequence: $0, entryID: $0 * 2) }
        let text = entries.map { AuditJSONLines.encode($0) + "\n" }.joined()
        #expect(try AuditJSONLines.decodeEntries(text) == entries)
    }
}
