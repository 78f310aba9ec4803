import Foundation
import Testing

@testable import FapiaoAudit

@Suite struct AuditBundleWriterTests {
    @Test(arguments: AuditEntryFormat.allCases)
    func writtenBundleVerifies(format: AuditEntryFormat) throws {
        let fixture = try BundleFixture(format: format)
        defer { fixture.remove() }
        let report = fixture.verify()
        #expect(report.ok)
        #expect(report.failure == nil)
        #expect(report.digestsChecked == 3)
        #expect(report.entriesChecked == 15)
    }

    @Test(arguments: AuditEntryFormat.allCases)
    func filesRoundTripExactly(format: AuditEntryFormat) throws {
        let fixture = try BundleFixture(format: format)
        defer { fixture.remove() }
        let entriesText = try String(contentsOf: fixture.url(format.fileName), encoding: .utf8)
        let entries =
            format == .jsonl
            ? try AuditJSONLines.decodeEntries(entriesText) : try AuditCSV.decode(entriesText)
        #expect(entries == fixture.chain.flatMap(\.entries))
        let digestsText = try String(contentsOf: fixture.url("digests.jsonl"), encoding: .utf8)
        #expect(try AuditJSONLines.decodeDigests(digestsText) == fixture.chain.map(\.digest))
        let publicKey = try String(contentsOf: fixture.url("public_key.pem"), encoding: .utf8)
        #expect(publicKey == fixture.key.publicKeyPEM)
    }

    @Test func manifestDescribesBundle() throws {
        let fixture = try BundleFixture(format: .jsonl)
        defer { fixture.remove() }
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: fixture.url("manifest.json")))
                as? [String: Any])
        #expect(manifest["format"] as? String == "fapiao-audit-bundle-v1")
        #expect(manifest["tenant_id"] as? String == "tenant-a")
        #expect(manifest["entry_format"] as? String == "jsonl")
        #expect(manifest["key_id"] as? String == fixture.key.keyID)
        #expect(manifest["first_digest_sequence"] as? Int == 1)
        #expect(manifest["last_digest_sequence"] as? Int == 3)
        #expect(manifest["anchor_digest_hash"] as? String == AuditDigest.genesisHash)
        let range = try #require(manifest["range"] as? [String: String])
        #expect(range == ["from": "2026-12-01T00:00:00Z", "to": "2026-12-05T00:00:00Z"])
        let counts = try #require(manifest["counts"] as? [String: Int])
        #expect(counts == ["digests": 3, "entries": 15])

        let files = try #require(manifest["files"] as? [[String: Any]])
        let names = files.compactMap { $0["name"] as? String }
        #expect(names.sorted() == ["digests.jsonl", "entries.jsonl", "public_key.pem"])
        for file in files {
            let name = try #require(file["name"] as? String)
            let url = fixture.url(name)
            #expect(file["sha256"] as? String == (try sha256sum(of: url)), "\(name)")
            let size = try #require(
                try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
            #expect(file["bytes"] as? Int == size, "\(name)")
        }
    }

    @Test func rejectsNonEmptyDirectory() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("x".utf8).write(to: root.appendingPathComponent("other.txt"))
        let key = try SigningKey.generate()
        #expect(throws: AuditError.self) {
            try AuditBundleWriter(
                directory: root, format: .jsonl, publicKeyPEM: key.publicKeyPEM, keyID: key.keyID,
                range: (from: "a", to: "b"), tenantID: "tenant-a")
        }
    }

    @Test func acceptsEmptyExistingDirectory() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let key = try SigningKey.generate()
        let writer = try AuditBundleWriter(
            directory: root, format: .csv, publicKeyPEM: key.publicKeyPEM, keyID: key.keyID,
            range: (from: "a", to: "b"), tenantID: "tenant-a")
        try writer.finish()
        let report = AuditBundleVerifier.verify(directory: root)
        #expect(report.ok, "\(report.failure ?? "")")
        #expect(report.digestsChecked == 0)
    }

    @Test func rejectsKeyIDOfOtherKey() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let key = try SigningKey.generate()
        let other = try SigningKey.generate()
        #expect(throws: AuditError.self) {
            try AuditBundleWriter(
                directory: root.appendingPathComponent("b"), format: .jsonl,
                publicKeyPEM: key.publicKeyPEM, keyID: other.keyID, range: (from: "a", to: "b"),
                tenantID: "tenant-a")
        }
    }

    @Test func rejectsEntryBeforeDigestAndOtherTenant() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let key = try SigningKey.generate()
        let writer = try AuditBundleWriter(
            directory: root.appendingPathComponent("b"), format: .jsonl,
            publicKeyPEM: key.publicKeyPEM, keyID: key.keyID, range: (from: "a", to: "b"),
            tenantID: "tenant-a")
        #expect(throws: AuditError.self) {
            try writer.append(entry: SampleRecords.entry(sealSequence: 1, entryID: 1))
        }
        let chain = try SampleRecords.chain(
            key: key, tenantID: "tenant-b", digestCount: 1, entriesPerDigest: 1)
        #expect(throws: AuditError.self) {
            try writer.append(digest: chain[0].digest)
        }
    }

    @Test func rejectsAppendAfterFinish() throws {
        let fixtureRoot = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: fixtureRoot) }
        let key = try SigningKey.generate()
        let writer = try AuditBundleWriter(
            directory: fixtureRoot.appendingPathComponent("b"), format: .jsonl,
            publicKeyPEM: key.publicKeyPEM, keyID: key.keyID, range: (from: "a", to: "b"),
            tenantID: "tenant-a")
        try writer.finish()
        let digest = try SampleRecords.chain(key: key, digestCount: 1, entriesPerDigest: 1)[0]
        #expect(throws: AuditError.self) {
            try writer.append(digest: digest.digest)
        }
        #expect(throws: AuditError.self) {
            try writer.finish()
        }
    }

    @Test func largeBundleWritesAndVerifies() throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let key = try SigningKey.generate()
        let directory = root.appendingPathComponent("bundle")
        let digestCount = 100
        let entriesPerDigest = 1000
        let clock = ContinuousClock()

        let writeStart = clock.now
        let writer = try AuditBundleWriter(
            directory: directory, format: .jsonl, publicKeyPEM: key.publicKeyPEM,
            keyID: key.keyID, range: (from: "a", to: "b"), tenantID: "tenant-a")
        // Digests are built one at a time, so the test itself never keeps
        // more than one digest's entries.
        var previousHash = AuditDigest.genesisHash
        var sealSequence: UInt64 = 0
        for digestSequence in 1...UInt64(digestCount) {
            var entries: [AuditEntry] = []
            let hasher = EntriesHasher()
            for _ in 0..<entriesPerDigest {
                sealSequence += 1
                let entry = SampleRecords.entry(sealSequence: sealSequence, entryID: sealSequence)
                hasher.append(try #require(Hex.decode(entry.entryHash, byteCount: 32)))
                entries.append(entry)
            }
            var digest = AuditDigest(
                tenantID: "tenant-a", digestSequence: digestSequence,
                firstSealSequence: sealSequence - UInt64(entriesPerDigest) + 1,
                lastSealSequence: sealSequence, entriesHash: Hex.encode(hasher.finish()),
                previousDigestHash: previousHash, keyID: key.keyID,
                createdAt: "2026-12-04T09:00:00.000000Z")
            try digest.seal(with: key)
            previousHash = digest.digestHash
            try writer.append(digest: digest)
            for entry in entries {
                try writer.append(entry: entry)
            }
        }
        try writer.finish()
        let writeDuration = clock.now - writeStart
        let peakAfterWrite = try peakResidentSetKiB()

        let verifyStart = clock.now
        let report = AuditBundleVerifier.verify(directory: directory)
        let verifyDuration = clock.now - verifyStart
        let peakAfterVerify = try peakResidentSetKiB()
        let entriesPath = directory.appendingPathComponent("entries.jsonl").path
        let entriesBytes = try FileManager.default.attributesOfItem(atPath: entriesPath)[.size] ?? 0

        // VmHWM covers the whole test process, including tests running in parallel.
        print(
            "large bundle: \(digestCount * entriesPerDigest) entries (\(entriesBytes) bytes),"
                + " write \(writeDuration), verify \(verifyDuration),"
                + " VmHWM \(peakAfterWrite) KiB after writing, \(peakAfterVerify) KiB after verifying")
        #expect(report.ok, "\(report.failure ?? "")")
        #expect(report.digestsChecked == digestCount)
        #expect(report.entriesChecked == digestCount * entriesPerDigest)
    }
}
