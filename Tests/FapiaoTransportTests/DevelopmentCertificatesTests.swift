import FapiaoLogging
import FapiaoTransport
import Foundation
import Testing

@Suite struct DevelopmentCertificatesTests {
    private static let files = [
        DevelopmentCertificates.authorityCertificateFile, DevelopmentCertificates.authorityKeyFile,
        DevelopmentCertificates.serverCertificateFile, DevelopmentCertificates.serverKeyFile,
    ]

    @Test func secondCallReusesFiles() throws {
        let directory = TestCertificates.makeTemporaryDirectory("reuse")
        let sink = LogSink.memory()
        let logger = Logger(label: "test", sink: sink)

        let first = try DevelopmentCertificates.ensure(in: directory, logger: logger)
        let firstContents = try Self.files.map { try Data(contentsOf: directory.appendingPathComponent($0)) }
        let linesAfterFirst = sink.lines.count
        let second = try DevelopmentCertificates.ensure(in: directory, logger: logger)
        let secondContents = try Self.files.map { try Data(contentsOf: directory.appendingPathComponent($0)) }

        #expect(first.certificateChain == second.certificateChain)
        #expect(first.privateKey == second.privateKey)
        #expect(first.authority == second.authority)
        #expect(firstContents == secondContents)
        #expect(linesAfterFirst == 2)
        #expect(sink.lines.count == linesAfterFirst)
        #expect(sink.lines.first?.contains(directory.path) == true)
    }

    @Test func keyFilesArePrivate() throws {
        let paths = TestCertificates.main
        let attributes = { (url: URL) in
            try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        }
        #expect(try attributes(paths.privateKey) == 0o600)
        #expect(try attributes(paths.authority.deletingLastPathComponent()
            .appendingPathComponent(DevelopmentCertificates.authorityKeyFile)) == 0o600)
        #expect(try attributes(paths.certificateChain) == 0o644)
        #expect(try attributes(paths.authority) == 0o644)
    }

    @Test func chainVerifiesWithOpenSSL() throws {
        let paths = TestCertificates.main
        let result = try runProcess(
            "/usr/bin/openssl",
            ["verify", "-CAfile", paths.authority.path, "-purpose", "sslserver", paths.certificateChain.path])
        #expect(result.status == 0)
        #expect(result.output.contains(": OK"))
    }

    @Test func chainFailsAgainstOtherAuthority() throws {
        let result = try runProcess(
            "/usr/bin/openssl",
            ["verify", "-CAfile", TestCertificates.other.authority.path, TestCertificates.main.certificateChain.path])
        #expect(result.status != 0)
    }

    @Test func serverCertificateHasExpectedExtensions() throws {
        let result = try runProcess(
            "/usr/bin/openssl",
            [
                "x509", "-in", TestCertificates.main.certificateChain.path, "-noout", "-ext",
                "subjectAltName,extendedKeyUsage,basicConstraints",
            ])
        #expect(result.status == 0)
        #expect(result.output.contains("DNS:localhost"))
        #expect(result.output.contains("IP Address:127.0.0.1"))
        #expect(result.output.contains("IP Address:0:0:0:0:0:0:0:1"))
        #expect(result.output.contains("TLS Web Server Authentication"))
        #expect(result.output.contains("CA:FALSE"))
    }

    @Test func authorityIsCertificateAuthority() throws {
        let result = try runProcess(
            "/usr/bin/openssl",
            ["x509", "-in", TestCertificates.main.authority.path, "-noout", "-ext", "basicConstraints,keyUsage", "-text"])
        #expect(result.status == 0)
        #expect(result.output.contains("CA:TRUE"))
        #expect(result.output.contains("Certificate Sign"))
        #expect(result.output.contains("prime256v1") || result.output.contains("P-256"))
    }

    @Test func missingServerFilesReuseAuthority() throws {
        let directory = TestCertificates.makeTemporaryDirectory("reissue")
        let first = try DevelopmentCertificates.ensure(in: directory, logger: TestCertificates.quietLogger)
        let authorityBefore = try Data(contentsOf: first.authority)
        let serverBefore = try Data(contentsOf: first.certificateChain)
        try FileManager.default.removeItem(at: first.privateKey)

        let second = try DevelopmentCertificates.ensure(in: directory, logger: TestCertificates.quietLogger)

        #expect(try Data(contentsOf: second.authority) == authorityBefore)
        #expect(try Data(contentsOf: second.certificateChain) != serverBefore)
        let verify = try runProcess(
            "/usr/bin/openssl", ["verify", "-CAfile", second.authority.path, second.certificateChain.path])
        #expect(verify.status == 0)
    }
}
