import Foundation
import Testing

@testable import FapiaoAudit

/// Each test tampers with its own fresh bundle of 3 digests of 5 entries:
/// digest 1 seals 1...5, digest 2 seals 6...10 and digest 3 seals 11...15.
/// Entry ids are seal sequence + seal sequence / 10.
@Suite struct AuditBundleVerifierTests {
    @Test func editedEntryFieldNamesEntry() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        var entry = try AuditJSONLines.decodeEntry(lines[11], lineNumber: 12)
        entry.principalName = "someone else"
        lines[11] = AuditJSONLines.encode(entry)
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        let report = fixture.verify()
        #expect(!report.ok)
        #expect(report.failure == "entry seal_sequence 12 (entry_id 13): hash does not match its content")
        #expect(report.digestsChecked == 2)
        #expect(report.entriesChecked == 11)
    }

    @Test func editedCSVFieldNamesEntry() throws {
        let fixture = try BundleFixture(format: .csv)
        defer { fixture.remove() }
        let text = try String(contentsOf: fixture.url("entries.csv"), encoding: .utf8)
        let changed = text.replacingOccurrences(of: "request-13,", with: "request-99,")
        #expect(changed != text)
        try Data(changed.utf8).write(to: fixture.url("entries.csv"))
        try fixture.fixManifest(for: "entries.csv")

        let report = fixture.verify()
        #expect(report.failure == "entry seal_sequence 12 (entry_id 13): hash does not match its content")
    }

    @Test func deletedEntryNamesMissingSealSequence() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        lines.remove(at: 7)
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        let report = fixture.verify()
        #expect(!report.ok)
        #expect(report.failure == "entry seal_sequence 8 missing")
    }

    @Test func deletedLastEntryNamesMissingSealSequence() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        lines.removeLast()
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        #expect(fixture.verify().failure == "entry seal_sequence 15 missing")
    }

    @Test func duplicatedEntryLineIsRejected() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        lines.insert(lines[2], at: 3)
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        let report = fixture.verify()
        #expect(report.failure == "entry seal_sequence 3 appears twice (entries.jsonl line 4)")
    }

    @Test func insertedEntryAfterLastDigestIsUnexpected() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        lines.append(AuditJSONLines.encode(SampleRecords.entry(sealSequence: 16, entryID: 17)))
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        let report = fixture.verify()
        #expect(report.failure == "unexpected entry seal_sequence 16 after digest 3 ends at 15")
        #expect(report.digestsChecked == 3)
    }

    @Test func insertedEntryInsideDigestIsRejected() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        // A well-formed entry with its own valid hash, squeezed between 6 and 7.
        lines.insert(AuditJSONLines.encode(SampleRecords.entry(sealSequence: 9, entryID: 40)), at: 6)
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        #expect(fixture.verify().failure == "entries out of order: seal_sequence 9 comes before 7")
    }

    @Test func swappedEntriesAreOutOfOrder() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        lines.swapAt(3, 4)
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        let report = fixture.verify()
        #expect(report.failure == "entries out of order: seal_sequence 5 comes before 4")
        #expect(report.entriesChecked == 3)
    }

    @Test func swappedCSVRecordsAreOutOfOrder() throws {
        let fixture = try BundleFixture(format: .csv)
        defer { fixture.remove() }
        let text = try String(contentsOf: fixture.url("entries.csv"), encoding: .utf8)
        let header = AuditCSV.header
        var records = fixture.chain.flatMap(\.entries).map(AuditCSV.encode)
        #expect(text == header + records.joined())
        records.swapAt(8, 9)
        try Data((header + records.joined()).utf8).write(to: fixture.url("entries.csv"))
        try fixture.fixManifest(for: "entries.csv")

        #expect(fixture.verify().failure == "entries out of order: seal_sequence 10 comes before 9")
    }

    @Test func alteredEntriesHashBreaksDigestHash() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        try fixture.rewriteDigest(at: 1, reseal: false) {
            $0.entriesHash = String(repeating: "1", count: 64)
        }
        let report = fixture.verify()
        #expect(report.failure == "digest 2: digest_hash does not match its content")
        #expect(report.digestsChecked == 1)
    }

    @Test func resealedEntriesHashNamesDigest() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        try fixture.rewriteDigest(at: 1, reseal: true) {
            $0.entriesHash = String(repeating: "1", count: 64)
        }
        let report = fixture.verify()
        #expect(report.failure == "digest 2: entries_hash does not match its entries")
        #expect(report.entriesChecked == 10)
    }

    @Test func alteredSignatureByteIsInvalid() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        try fixture.rewriteDigest(at: 1, reseal: false) { digest in
            var signature = Hex.decode(digest.signature, byteCount: 64)!
            signature[20] ^= 0x40
            digest.signature = Hex.encode(signature)
        }
        #expect(fixture.verify().failure == "digest 2: signature invalid")
    }

    @Test func brokenChainNamesPreviousDigest() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        try fixture.rewriteDigest(at: 2, reseal: true) {
            $0.previousDigestHash = String(repeating: "2", count: 64)
        }
        #expect(fixture.verify().failure == "digest 3: previous_digest_hash does not match digest 2")
    }

    @Test func deletedDigestIsAGap() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("digests.jsonl")
        lines.remove(at: 1)
        try fixture.writeLines(lines, to: "digests.jsonl")
        try fixture.fixManifest(for: "digests.jsonl")

        #expect(fixture.verify().failure == "digest 3 follows digest 1: digest 2 missing or out of order")
    }

    @Test func changedEntriesByteNamesFile() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var bytes = try Data(contentsOf: fixture.url("entries.jsonl"))
        let index = try #require(bytes.firstIndex(of: UInt8(ascii: "I")))
        bytes[index] = UInt8(ascii: "J")
        try bytes.write(to: fixture.url("entries.jsonl"))

        #expect(fixture.verify().failure == "entries.jsonl: SHA-256 does not match the manifest")
    }

    @Test func truncatedDigestsNamesFileSize() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        let bytes = try Data(contentsOf: fixture.url("digests.jsonl"))
        try bytes.dropLast().write(to: fixture.url("digests.jsonl"))

        let failure = try #require(fixture.verify().failure)
        #expect(failure.hasPrefix("digests.jsonl: size \(bytes.count - 1) bytes does not match"))
    }

    @Test func missingManifestIsNamed() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        try FileManager.default.removeItem(at: fixture.url("manifest.json"))

        let report = fixture.verify()
        #expect(!report.ok)
        #expect(report.failure == "manifest.json missing")
        #expect(report.digestsChecked == 0)
    }

    @Test func malformedManifestIsNamed() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        try Data("{\"format\":\"fapiao-audit-bundle-v1\"}".utf8).write(to: fixture.url("manifest.json"))

        let failure = try #require(fixture.verify().failure)
        #expect(failure.hasPrefix("manifest.json: invalid: missing key"))
    }

    @Test func givenWrongPublicKeyIsKeyIDMismatch() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        let other = try SigningKey.generate()

        let failure = try #require(fixture.verify(publicKeyPEM: other.publicKeyPEM).failure)
        #expect(failure.hasPrefix("key id mismatch"))
        #expect(failure.contains(other.keyID))
        #expect(failure.contains(fixture.key.keyID))
    }

    @Test func givenRightPublicKeyVerifies() throws {
        let fixture = try BundleFixture(format: .csv)
        defer { fixture.remove() }
        let report = fixture.verify(publicKeyPEM: fixture.key.publicKeyPEM)
        #expect(report.ok, "\(report.failure ?? "")")
    }

    @Test func replacedBundleKeyFailsDigestKeyID() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        let other = try SigningKey.generate()
        try Data(other.publicKeyPEM.utf8).write(to: fixture.url("public_key.pem"))
        try fixture.fixManifest(for: "public_key.pem")
        let manifestURL = fixture.url("manifest.json")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
            .replacingOccurrences(of: fixture.key.keyID, with: other.keyID)
        try Data(manifest.utf8).write(to: manifestURL)

        let failure = fixture.verify().failure
        #expect(failure == "digest 1: key_id \(fixture.key.keyID) does not match the public key \(other.keyID)")
    }

    @Test func unknownKeyInEntryNamesLine() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        var lines = try fixture.lines("entries.jsonl")
        lines[5] = String(lines[5].dropLast()) + ",\"note\":\"x\"}"
        try fixture.writeLines(lines, to: "entries.jsonl")
        try fixture.fixManifest(for: "entries.jsonl")

        #expect(fixture.verify().failure == "entries.jsonl line 6: unknown key \"note\"")
    }

    @Test func wrongCountInManifestIsNamed() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        let manifestURL = fixture.url("manifest.json")
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        manifest["counts"] = ["digests": 3, "entries": 16]
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)

        #expect(
            fixture.verify().failure
                == "manifest.json: counts.entries is 16, but entries.jsonl contains 15 entries")
    }
}
