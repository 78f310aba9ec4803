import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation
import Testing

@Suite("Client certificates", .serialized)
struct ClientCertificateTests {
    func client(_ server: ServerProcess, certificates: ClientCertificates, name: String?) throws -> FapiaoClient {
        try FapiaoClient(
            configuration: ClientConfiguration(
                host: server.address.host, port: server.address.port, trustedAuthorities: server.authority,
                certificateChain: name.map { certificates.certificate($0) },
                privateKey: name.map { certificates.key($0) }))
    }

    @Test("bound certificate authenticates its principal")
    func certificateAuthentication() throws {
        let certificates = try ClientCertificates()
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
        // Binding needs the certificate on the calling connection.
        let withoutProof = callStatus(
            fixture.admin, MethodNames.bindCertificate,
            request: BindCertificateRequest(principalID: principal.id, fingerprint: fingerprint).protobufBytes())
        #expect(withoutProof.code == .failedPrecondition)
        #expect(withoutProof.message.contains("proof of possession"))
        let binder = try server.client(apiKey: fixture.created.apiKey, certificate: certificates.pair("alice"))
        defer { binder.close() }
        let bound = try binder.call(
            MethodNames.bindCertificate, BindCertificateRequest(principalID: principal.id),
            as: Certificate.self)
        #expect(bound.fingerprint == fingerprint)

        let alice = try client(server, certificates: certificates, name: "alice")
        defer { alice.close() }
        let invoice = try fixture.issueInvoice(client: alice)
        #expect(invoice.issuedBy == principal.id)

        // Another tenant cannot claim the same certificate without its key.
        let rival = try TenantFixture(on: server)
        defer { rival.close() }
        let rivalPrincipal = try rival.admin.call(
            MethodNames.createPrincipal, CreatePrincipalRequest(name: "rival", kind: .service, roles: ["issuer"]),
            as: FapiaoAPI.Principal.self)
        let claim = callStatus(
            rival.admin, MethodNames.bindCertificate,
            request: BindCertificateRequest(principalID: rivalPrincipal.id, fingerprint: fingerprint).protobufBytes())
        #expect(claim.code == .failedPrecondition)
        let mismatched = try server.client(apiKey: rival.created.apiKey, certificate: certificates.pair("mallory"))
        defer { mismatched.close() }
        let wrongCertificate = callStatus(
            mismatched, MethodNames.bindCertificate,
            request: BindCertificateRequest(principalID: rivalPrincipal.id, fingerprint: fingerprint).protobufBytes())
        #expect(wrongCertificate.code == .failedPrecondition)
        let again = try fixture.issueInvoice(client: alice)
        #expect(again.issuedBy == principal.id)
        #expect(again.tenantID == fixture.tenantID)

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
        let certificates = try ClientCertificates()
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
