import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Testing

@Suite("Authentication")
struct AuthenticationTests {
    @Test("call without key is unauthenticated")
    func missingKey() throws {
        let server = SharedServer.instance
        let client = try server.client(useAdminKey: false)
        defer { client.close() }
        var metadata = idempotencyMetadata()
        metadata.add(Metadata.Key.requestID, "no-key-\(UUID().uuidString)")
        let status = expectStatus {
            _ = try client.call(
                MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
                metadata: metadata)
        }
        #expect(status?.code == .unauthenticated)
        #expect(status?.message.contains("authorization") == true)
        #expect(try loggedStatus(server, requestID: metadata[Metadata.Key.requestID]!) == "16")
    }

    @Test("wrong secret is unauthenticated")
    func wrongSecret() throws {
        let server = SharedServer.instance
        let tenant = try SharedServer.createTenant("错误密钥")
        // Same tenant and key id, different secret.
        let forged = String(tenant.apiKey.dropLast(64)) + String(repeating: "0", count: 64)
        #expect(forged != tenant.apiKey)
        let client = try server.client(apiKey: forged)
        defer { client.close() }
        var metadata = Metadata()
        metadata.add(Metadata.Key.requestID, "forged-\(UUID().uuidString)")
        let status = expectStatus {
            _ = try client.call(
                MethodNames.getInvoice, GetInvoiceRequest(id: UUID().uuidString), as: Invoice.self,
                metadata: metadata)
        }
        #expect(status?.code == .unauthenticated)
        #expect(try loggedStatus(server, requestID: metadata[Metadata.Key.requestID]!) == "16")
    }

    @Test("malformed keys are unauthenticated")
    func malformedKeys() throws {
        let server = SharedServer.instance
        for key in ["garbage", "fpk_", "Bearer", String(repeating: "x", count: 300)] {
            let client = try server.client(apiKey: key)
            defer { client.close() }
            let status = expectStatus {
                _ = try client.call(
                    MethodNames.getInvoice, GetInvoiceRequest(id: UUID().uuidString),
                    as: Invoice.self)
            }
            #expect(status?.code == .unauthenticated, "key \(key.prefix(20))")
        }
        let client = try server.client(useAdminKey: false)
        defer { client.close() }
        var metadata = Metadata()
        metadata.add(Metadata.Key.authorization, "Basic dXNlcjpwYXNz")
        let basic = expectStatus {
            _ = try client.call(
                MethodNames.getInvoice, GetInvoiceRequest(id: UUID().uuidString), as: Invoice.self,
                metadata: metadata)
        }
        #expect(basic?.code == .unauthenticated)
    }

    @Test("operator cannot read invoices")
    func operatorDenied() throws {
        let client = try SharedServer.instance.client()
        defer { client.close() }
        let status = expectStatus {
            _ = try client.call(
                MethodNames.getInvoice, GetInvoiceRequest(id: UUID().uuidString), as: Invoice.self)
        }
        #expect(status?.code == .permissionDenied)
        #expect(status?.message.contains("invoice.read") == true)
    }

    @Test("tenant admin cannot create tenants")
    func tenantAdminDenied() throws {
        let tenant = try SharedServer.createTenant("越权测试")
        let client = try SharedServer.instance.client(apiKey: tenant.apiKey)
        defer { client.close() }
        let status = expectStatus {
            _ = try client.call(
                MethodNames.createTenant, CreateTenantRequest(name: "x"), as: CreateTenantResponse.self)
        }
        #expect(status?.code == .permissionDenied)
        #expect(status?.message.contains("tenant.create") == true)
    }

    @Test("health needs no key")
    func healthWithoutKey() throws {
        let client = try SharedServer.instance.client(useAdminKey: false)
        defer { client.close() }
        let reply = try client.call(
            MethodNames.healthCheck, HealthCheckRequest(), as: HealthCheckResponse.self)
        #expect(reply.status == .serving)
        let known = try client.call(
            MethodNames.healthCheck, HealthCheckRequest(service: "fapiao.invoice.v1.InvoiceService"),
            as: HealthCheckResponse.self)
        #expect(known.status == .serving)
        let unknown = expectStatus {
            _ = try client.call(
                MethodNames.healthCheck, HealthCheckRequest(service: "no.such.Service"),
                as: HealthCheckResponse.self)
        }
        #expect(unknown?.code == .notFound)
    }

    /// Status code of the access-log entry with `requestID`, in the platform tenant.
    private func loggedStatus(_ server: ServerProcess, requestID: String) throws -> String? {
        let connection = try #require(server.database).connect()
        defer { connection.close() }
        let rows = try connection.query(
            """
            SELECT status_code FROM access_log
            WHERE tenant_id = '00000000-0000-0000-0000-000000000000' AND request_id = $1
              AND principal_id IS NULL
            """, [requestID])
        return rows.rowCount == 1 ? rows[0, "status_code"] : nil
    }
}
