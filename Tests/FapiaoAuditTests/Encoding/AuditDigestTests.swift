import Foundation
import Testing

@testable import FapiaoAudit

@Suite struct AuditDigestTests {
    static let digest = AuditDigest(
        tenantID: "tenant-a", digestSequence: 7, firstSealSequence: 31, lastSealSequence: 35,
        entriesHash: String(repeating: "ab", count: 32),
        previousDigestHash: AuditDigest.genesisHash, keyID: "0123456789abcdef",
        createdAt: "2026-12-04T09:00:00.000000Z")

    @Test func canonicalTextMatchesHandWrittenText() {
        let expected = """
            format=fapiao-access-log-digest-v1
            tenant_id=tenant-a
            digest_sequence=7
            first_seal_sequence=31
            last_seal_sequence=35
            entries_hash=\(String(repeating: "ab", count: 32))
            previous_digest_hash=0000000000000000000000000000000000000000000000000000000000000000
            key_id=0123456789abcdef
            created_at=2026-12-04T09:00:00.000000Z

            """
        #expect(Self.digest.canonicalText == expected)
    }

    @Test func genesisHashIsSixtyFourZeros() {
        #expect(AuditDigest.genesisHash.count == 64)
        #expect(AuditDigest.genesisHash.allSatisfy { $0 == "0" })
    }

    @Test func hashEqualsSHA256SumOfCanonicalText() throws {
        let expected = try sha256sum(of: Data(Self.digest.canonicalText.utf8))
        #expect(Self.digest.computeHashHex() == expected)
    }

    @Test func entriesHashEqualsSHA256SumOfConcatenation() throws {
        let hashes = (1...5).map { SampleRecords.entry(sealSequence: $0, entryID: $0).computeHash() }
        let expected = try sha256sum(of: Data(hashes.joined()))
        #expect(Hex.encode(AuditDigest.entriesHash(hashes)) == expected)
    }

    @Test func entriesHasherMatchesOneShotForm() {
        let hashes = (1...5).map { SampleRecords.entry(sealSequence: $0, entryID: $0).computeHash() }
        let hasher = EntriesHasher()
        for hash in hashes {
            hasher.append(hash)
        }
        #expect(hasher.count == 5)
        #expect(hasher.finish() == AuditDigest.entriesHash(hashes))
    }

    @Test func entriesHashOfNoEntriesIsSHA256OfEmptyInput() throws {
        let expected = try sha256sum(of: Data())
        #expect(Hex.encode(AuditDigest.entriesHash([])) == expected)
    }

    @Test func signatureVerifiesWithOpenSSLCommand() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try SigningKey.generate()
        var digest = Self.digest
        try digest.seal(with: key)
        #expect(digest.keyID == key.keyID)
        #expect(digest.digestHash == digest.computeHashHex())

        let canonicalFile = directory.appendingPathComponent("canonical.txt")
        let signatureFile = directory.appendingPathComponent("sig.bin")
        let publicKeyFile = directory.appendingPathComponent("pub.pem")
        try Data(digest.canonicalText.utf8).write(to: canonicalFile)
        let signature = try #require(Hex.decode(digest.signature, byteCount: 64))
        try Data(signature).write(to: signatureFile)
        try Data(key.publicKeyPEM.utf8).write(to: publicKeyFile)

        let result = try runProcess(
            "openssl",
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", publicKeyFile.path, "-rawin", "-in",
                canonicalFile.path, "-sigfile", signatureFile.path,
            ])
        #expect(result.status == 0, "openssl: \(result.standardError)")
        #expect(String(decoding: result.standardOutput, as: UTF8.self).contains("Signature Verified Successfully"))
    }

    @Test func openSSLRejectsSignatureOfOtherText() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try SigningKey.generate()
        var digest = Self.digest
        try digest.seal(with: key)

        let canonicalFile = directory.appendingPathComponent("canonical.txt")
        let signatureFile = directory.appendingPathComponent("sig.bin")
        let publicKeyFile = directory.appendingPathComponent("pub.pem")
        var changed = digest
        changed.lastSealSequence += 1
        try Data(changed.canonicalText.utf8).write(to: canonicalFile)
        try Data(try #require(Hex.decode(digest.signature, byteCount: 64))).write(to: signatureFile)
        try Data(key.publicKeyPEM.utf8).write(to: publicKeyFile)

        let result = try runProcess(
            "openssl",
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", publicKeyFile.path, "-rawin", "-in",
                canonicalFile.path, "-sigfile", signatureFile.path,
            ])
        #expect(result.status != 0)
    }
}
