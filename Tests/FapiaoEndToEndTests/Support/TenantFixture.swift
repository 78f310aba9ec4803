import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation
import Synchronization

/// A tenant created through the API, with a client for its administrator.
struct TenantFixture {
    let server: ServerProcess
    let created: CreateTenantResponse
    let admin: FapiaoClient

    init(_ name: String = "租户-\(UUID().uuidString.prefix(8))", on server: ServerProcess = SharedServer.instance)
        throws
    {
        self.server = server
        created = try SharedServer.createTenant(name, on: server)
        admin = try server.client(apiKey: created.apiKey)
    }

    var tenantID: String { created.tenant?.id ?? "" }

    /// Creates a principal with `roles` and an API key for it.
    func principal(roles: [String], name: String = "p-\(UUID().uuidString.prefix(8))") throws
        -> (principal: FapiaoAPI.Principal, apiKey: String)
    {
        let principal = try admin.call(
            MethodNames.createPrincipal, CreatePrincipalRequest(name: name, kind: .service, roles: roles),
            as: FapiaoAPI.Principal.self)
        let key = try admin.call(
            MethodNames.createAPIKey, CreateApiKeyRequest(principalID: principal.id),
            as: CreateApiKeyResponse.self)
        return (principal, key.apiKey)
    }

    func issueInvoice(client: FapiaoClient? = nil) throws -> Invoice {
        let response = try (client ?? admin).call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: idempotencyMetadata())
        guard let invoice = response.invoice else {
            throw CallStatus(code: .internal, message: "IssueInvoice replied without an invoice")
        }
        return invoice
    }

    func close() { admin.close() }
}

/// Sends `request` bytes to `method` and returns the final status.
func callStatus(
    _ client: FapiaoClient, _ method: String, request: [UInt8] = [], metadata: Metadata = Metadata()
) -> CallStatus {
    let result = Mutex<CallStatus?>(nil)
    let done = DispatchSemaphore(value: 0)
    client.startCall(
        method: method, request: request, metadata: metadata, onMessage: { _ in },
        onStatus: { status in
            result.withLock { $0 = status }
            done.signal()
        })
    done.wait()
    return result.withLock { $0! }
}
