import Foundation
import Testing

@testable import FapiaoAudit

@Suite struct SigningKeyTests {
    private func permissions(of file: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    /// Returns the key id the way an auditor would derive it with the
    /// command-line tools: `openssl pkey -pubin -outform DER | sha256sum`.
    private func keyIDFromOpenSSL(publicKeyFile: URL) throws -> String {
        let der = try runProcess(
            "openssl", ["pkey", "-pubin", "-in", publicKeyFile.path, "-outform", "DER"])
        #expect(der.status == 0, "openssl: \(der.standardError)")
        return String(try sha256sum(of: der.standardOutput).prefix(16))
    }

    @Test func loadOrCreateWritesKeyFilesWithModes() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("signing.key")
        let publicFile = directory.appendingPathComponent("signing.pub")

        let key = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        #expect(try permissions(of: privateFile) == 0o600)
        #expect(try permissions(of: publicFile) == 0o644)
        #expect(try String(contentsOf: publicFile, encoding: .utf8) == key.publicKeyPEM)
        #expect(key.publicKeyPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let privateText = try String(contentsOf: privateFile, encoding: .utf8)
        #expect(privateText.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func loadOrCreateReusesExistingKey() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("signing.key")
        let publicFile = directory.appendingPathComponent("signing.pub")

        let first = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        let second = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        #expect(second.keyID == first.keyID)
        #expect(second.publicKeyPEM == first.publicKeyPEM)
    }

    @Test func loadOrCreateRewritesMissingPublicKey() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("signing.key")
        let publicFile = directory.appendingPathComponent("signing.pub")

        let first = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        try FileManager.default.removeItem(at: publicFile)
        let second = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        #expect(second.keyID == first.keyID)
        #expect(try String(contentsOf: publicFile, encoding: .utf8) == first.publicKeyPEM)
        #expect(try permissions(of: publicFile) == 0o644)
    }

    @Test func loadOrCreateRejectsPublicKeyOfOtherKey() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("signing.key")
        let publicFile = directory.appendingPathComponent("signing.pub")

        _ = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        try Data(try SigningKey.generate().publicKeyPEM.utf8).write(to: publicFile)
        #expect(throws: AuditError.self) {
            try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        }
    }

    @Test func keyIDEqualsSHA256OfDERPublicKey() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("signing.key")
        let publicFile = directory.appendingPathComponent("pub.pem")

        let key = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        let expected = try keyIDFromOpenSSL(publicKeyFile: publicFile)
        #expect(expected.count == 16)
        #expect(key.keyID == expected)
        #expect(try VerifyingKey(pem: key.publicKeyPEM).keyID == expected)
    }

    @Test func loadReadsKeyWrittenByOpenSSLCommand() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("signing.key")
        let publicFile = directory.appendingPathComponent("pub.pem")
        let generated = try runProcess(
            "openssl", ["genpkey", "-algorithm", "ed25519", "-out", privateFile.path])
        #expect(generated.status == 0, "openssl: \(generated.standardError)")

        let key = try SigningKey.loadOrCreate(privateKeyFile: privateFile, publicKeyFile: publicFile)
        let derived = try runProcess("openssl", ["pkey", "-in", privateFile.path, "-pubout"])
        #expect(String(decoding: derived.standardOutput, as: UTF8.self) == key.publicKeyPEM)
        #expect(key.keyID == (try keyIDFromOpenSSL(publicKeyFile: publicFile)))
    }

    @Test func loadRejectsNonEd25519Key() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("ec.key")
        let generated = try runProcess(
            "openssl",
            [
                "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
                privateFile.path,
            ])
        #expect(generated.status == 0, "openssl: \(generated.standardError)")
        #expect(throws: AuditError.self) {
            try SigningKey.load(privateKeyFile: privateFile)
        }
    }

    @Test func errorForUnreadableKeyOmitsKeyMaterial() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let privateFile = directory.appendingPathComponent("broken.key")
        let secret = "c2VjcmV0LWtleS1tYXRlcmlhbA"
        try Data("-----BEGIN PRIVATE KEY-----\n\(secret)\n-----END PRIVATE KEY-----\n".utf8)
            .write(to: privateFile)
        let error = try #require(throws: AuditError.self) {
            try SigningKey.load(privateKeyFile: privateFile)
        }
        #expect(error.operation == "read private key")
        #expect(!error.description.contains(secret))
        #expect(error.description.contains(privateFile.path))
    }

    @Test func signatureIsSixtyFourBytesAndVerifies() throws {
        let key = try SigningKey.generate()
        let message = Array("message to sign".utf8)
        let signature = try key.sign(message)
        let verifier = try VerifyingKey(pem: key.publicKeyPEM)
        #expect(signature.count == 64)
        #expect(verifier.verify(signature: signature, message: message))
        #expect(!verifier.verify(signature: signature, message: message + [0]))
        var flipped = signature
        flipped[10] ^= 0x01
        #expect(!verifier.verify(signature: flipped, message: message))
        #expect(!verifier.verify(signature: Array(signature.prefix(63)), message: message))
    }

    @Test func signingFromManyTasksVerifies() async throws {
        let key = try SigningKey.generate()
        let verifier = try VerifyingKey(pem: key.publicKeyPEM)
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    return verifier.verify(signature: try key.sign(message), message: message)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 })
    }

    @Test func verifyingKeyRejectsInvalidPEM() {
        #expect(throws: AuditError.self) {
            try VerifyingKey(pem: "not a key")
        }
    }
}
