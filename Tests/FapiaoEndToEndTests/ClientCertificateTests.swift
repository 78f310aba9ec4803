import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation
import Testing

@Suite("Client certificates", .serialized)
struct ClientCertificateTests {
    /// A client authority and two client certificates made with the openssl
    /// command line, in a temporary directory.
    struct Certificates {
        let directory: URL
        var authority: URL { directory.appendingPathComponent("client-ca.pem") }

        init() throws {
            directory = URL(fileURLWithPath: "/tmp/fapiao-client-certs-\(UInt32.random(in: .min ... .max))")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try run([
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "client-ca.key", "-out", "client-ca.pem", "-subj", "/CN=fapiao test client CA",
                "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ])
            try Data("extendedKeyUsage=clientAuth\n".utf8).write(
                to: directory.appendingPathComponent("client.ext"))
            for name in ["alice", "mallory"] {
                try run([
                    "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)",
                ])
                try run([
                    "x509", "-req", "-in", "\(name).csr", "-CA", "client-ca.pem", "-CAkey", "client-ca.key",
                    "-CAcreateserial", "-out", "\(name).pem", "-days", "2", "-extfile", "client.ext",
                ])
            }
        }

        func certificate(_ name: String) -> URL { directory.appendingPathComponent("\(name).pem") }
        func key(_ name: String) -> URL { directory.appendingPathComponent("\(name).key") }

        /// SHA-256 fingerprint as `openssl x509 -fingerprint` prints it, colons removed.
        func fingerprint(_ name: String) throws -> String {
            let output = try run(["x509", "-in", "\(name).pem", "-noout", "-fingerprint", "-sha256"])
            let hex = output.split(separator: "=").last ?? ""
            return hex.replacingOccurrences(of: ":", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
                .lowercased()
        }

        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
            process.arguments = arguments
            process.currentDirectoryURL = directory
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CallStatus(code: .internal, message: "openssl \(arguments.joined(separator: " ")) failed")
            }
            return String(decoding: data, as: UTF8.self)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    func client(_ server: ServerProcess, certificates: Certificates, name: String?) throws -> FapiaoClient {
        try FapiaoClient(
            configuration: ClientConfiguration(
                host: server.address.host, port: server.address.port, trustedAuthorities: server.authority,
                certificateChain: name.map { certificates.certificate($0) },
                privateKey: name.map { certificates.key($0) }))
    }

    @Test("bound certificate authenticates its principal")
    func certificateAuthentication() throws {
        let certificates = try Certificates()
        defer { certificates.remove() }
        let server = try ServerProcess(environment: ["FAPIAO_TLS_CLIENT_CA": certificates.authority.path])
        defer { server.remove() }
        let fixture = try TenantFixture(on: server)
        defer { fixture.close() }
        let principal = try fixture.admin.call(
            MethodNames.createPrincipal, CreatePrincipalRequest(name: "erp", kind: .service, roles: ["issuer"]),
            as: FapiaoAPI.Principal.self)
        let fingerprint = try certificates.fingerprint("alice")
        #expect(fingerprint.count == 64)
        let bound = try fixture.admin.call(
            MethodNames.bindCertificate, BindCertificateRequest(principalID: principal.id, fingerprint: fingerprint),
            as: Certificate.self)
        #expect(bound.fingerprint == fingerprint)

        let alice = try client(server, certificates: certificates, name: "alice")
        defer { alice.close() }
        let invoice = try fixture.issueInvoice(client: alice)
        #expect(invoice.issuedBy == principal.id)

        let mallory = try client(server, certificates: certificates, name: "mallory")
        defer { mallory.close() }
        #expect(callStatus(mallory, MethodNames.getInvoice).code == .unauthenticated)

        let anonymous = try client(server, certificates: certificates, name: nil)
        defer { anonymous.close() }
        #expect(callStatus(anonymous, MethodNames.getInvoice).code == .unauthenticated)

        _ = try fixture.admin.call(
            MethodNames.unbindCertificate, UnbindCertificateRequest(fingerprint: fingerprint), as: Certificate.self)
        #expect(callStatus(alice, MethodNames.getInvoice).code == .unauthenticated)

        let connection = try #require(server.database).connect()
        defer { connection.close() }
        let rows = try connection.query(
            "SELECT count(*) AS entries FROM access_log WHERE credential = $1 AND status_code = 0",
            ["certificate:\(fingerprint)"])
        #expect(try rows.int(row: 0, column: "entries") >= 1)
    }

    @Test("required certificate rejects clients without one")
    func requiredCertificate() throws {
        let certificates = try Certificates()
        defer { certificates.remove() }
        let server = try ServerProcess(environment: [
            "FAPIAO_TLS_CLIENT_CA": certificates.authority.path, "FAPIAO_TLS_REQUIRE_CLIENT_CERT": "true",
        ])
        defer { server.remove() }
        let withCertificate = try client(server, certificates: certificates, name: "alice")
        defer { withCertificate.close() }
        let health = try withCertificate.call(
            MethodNames.healthCheck, HealthCheckRequest(), as: HealthCheckResponse.self)
        #expect(health.status == .serving)
        // A TLS 1.3 server rejects the missing certificate after the client
        // considers the handshake done, so the failure may surface on the call.
        var failed = false
        do {
            let without = try client(server, certificates: certificates, name: nil)
            defer { without.close() }
            let status = callStatus(without, MethodNames.healthCheck)
            failed = status.code == .unavailable
        } catch {
            failed = true
        }
        #expect(failed)
    }
}
