import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Testing

@Suite("Access control")
struct AccessControlTests {
    /// Rows of the method table in docs/permissions.md: path, then whether
    /// each role column contains "yes".
    static func documentedMatrix() throws -> (roles: [String], rows: [(path: String, allowed: [Bool])]) {
        let url = ServerProcess.packageRoot.appendingPathComponent("docs/permissions.md")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix("| method | permission |") })
        let roles = header.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.dropFirst(2)
        var rows: [(String, [Bool])] = []
        for line in lines where line.hasPrefix("| `/") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            let path = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            rows.append((path, cells.dropFirst(2).map { $0 == "yes" }))
        }
        return (Array(roles), rows)
    }

    @Test("every method and role match the document")
    func permissionMatrix() throws {
        let server = SharedServer.instance
        let (roles, rows) = try AccessControlTests.documentedMatrix()
        #expect(roles == ["platform_operator", "tenant_admin", "issuer", "auditor", "viewer"])
        #expect(rows.count >= 21)
        let fixture = try TenantFixture()
        defer { fixture.close() }
        var clients: [FapiaoClient] = [try server.client()]
        for role in roles.dropFirst() {
            clients.append(try server.client(apiKey: try fixture.principal(roles: [role]).apiKey))
        }
        defer { clients.forEach { $0.close() } }
        for (path, allowed) in rows {
            #expect(allowed.count == roles.count, "\(path)")
            for (index, client) in clients.enumerated() where index < allowed.count {
                let status = callStatus(client, path)
                if allowed[index] {
                    #expect(status.code != .permissionDenied, "\(roles[index]) on \(path): \(status)")
                    #expect(status.code != .unimplemented, "\(path) is not served")
                } else {
                    #expect(status.code == .permissionDenied, "\(roles[index]) on \(path): \(status)")
                }
            }
        }
    }

    @Test("custom role grants its permissions")
    func customRole() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let role = try fixture.admin.call(
            MethodNames.createRole, CreateRoleRequest(name: "reader_issuer", permissions: ["invoice.read", "invoice.issue"]),
            as: Role.self)
        #expect(role.permissions == ["invoice.issue", "invoice.read"])
        let (_, key) = try fixture.principal(roles: ["reader_issuer"])
        let client = try fixture.server.client(apiKey: key)
        defer { client.close() }
        let invoice = try fixture.issueInvoice(client: client)
        #expect(invoice.number >= 1)
        #expect(callStatus(client, MethodNames.listPrincipals).code == .permissionDenied)

        let platform = expectStatus {
            _ = try fixture.admin.call(
                MethodNames.createRole, CreateRoleRequest(name: "sneaky", permissions: ["tenant.create"]),
                as: Role.self)
        }
        #expect(platform?.code == .invalidArgument)
        #expect(platform?.message.contains("permissions[0]") == true)
    }

    @Test("other tenant's ids are not found")
    func crossTenant() throws {
        let server = SharedServer.instance
        let owner = try TenantFixture()
        let other = try TenantFixture()
        defer {
            owner.close()
            other.close()
        }
        let (victim, victimKey) = try owner.principal(roles: ["issuer"])
        let keys = try owner.admin.call(
            MethodNames.listAPIKeys, ListApiKeysRequest(principalID: victim.id), as: ListApiKeysResponse.self)
        let keyID = try #require(keys.keys.first?.keyID)
        let fingerprint = try SharedServer.certificates.fingerprint("carol")
        let binder = try server.client(apiKey: owner.created.apiKey, certificate: SharedServer.certificates.pair("carol"))
        defer { binder.close() }
        _ = try binder.call(
            MethodNames.bindCertificate, BindCertificateRequest(principalID: victim.id, fingerprint: fingerprint),
            as: Certificate.self)
        _ = try owner.admin.call(
            MethodNames.createRole, CreateRoleRequest(name: "owner_only", permissions: ["invoice.read"]), as: Role.self)
        let invoice = try owner.issueInvoice()
        let (bystander, _) = try other.principal(roles: ["viewer"])

        let attempts: [(String, [UInt8])] = [
            (MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id).protobufBytes()),
            (MethodNames.disablePrincipal, SetPrincipalEnabledRequest(id: victim.id).protobufBytes()),
            (MethodNames.enablePrincipal, SetPrincipalEnabledRequest(id: victim.id).protobufBytes()),
            (MethodNames.createAPIKey, CreateApiKeyRequest(principalID: victim.id).protobufBytes()),
            (MethodNames.listAPIKeys, ListApiKeysRequest(principalID: victim.id).protobufBytes()),
            (MethodNames.revokeAPIKey, RevokeApiKeyRequest(keyID: keyID).protobufBytes()),
            (
                MethodNames.bindCertificate,
                BindCertificateRequest(principalID: victim.id, fingerprint: String(repeating: "cd", count: 32))
                    .protobufBytes()
            ),
            (MethodNames.unbindCertificate, UnbindCertificateRequest(fingerprint: fingerprint).protobufBytes()),
            (MethodNames.grantRole, RoleGrantRequest(principalID: victim.id, role: "viewer").protobufBytes()),
            (MethodNames.revokeRole, RoleGrantRequest(principalID: victim.id, role: "issuer").protobufBytes()),
            (MethodNames.grantRole, RoleGrantRequest(principalID: bystander.id, role: "owner_only").protobufBytes()),
        ]
        for (method, request) in attempts {
            let status = callStatus(other.admin, method, request: request)
            #expect(status.code == .notFound, "\(method): \(status)")
        }

        let principals = try other.admin.call(
            MethodNames.listPrincipals, ListPrincipalsRequest(), as: ListPrincipalsResponse.self)
        #expect(!principals.principals.contains { $0.id == victim.id })
        let otherKeys = try other.admin.call(
            MethodNames.listAPIKeys, ListApiKeysRequest(), as: ListApiKeysResponse.self)
        #expect(!otherKeys.keys.contains { $0.keyID == keyID })
        let certificates = try other.admin.call(
            MethodNames.listCertificates, ListCertificatesRequest(), as: ListCertificatesResponse.self)
        #expect(!certificates.certificates.contains { $0.fingerprint == fingerprint })
        let roles = try other.admin.call(MethodNames.listRoles, ListRolesRequest(), as: ListRolesResponse.self)
        #expect(!roles.roles.contains { $0.name == "owner_only" })

        // Nothing of the owner changed.
        let after = try owner.admin.call(
            MethodNames.listPrincipals, ListPrincipalsRequest(), as: ListPrincipalsResponse.self)
        let victimAfter = try #require(after.principals.first { $0.id == victim.id })
        #expect(victimAfter.disabled == false)
        #expect(victimAfter.roles == ["issuer"])
        let victimClient = try server.client(apiKey: victimKey)
        defer { victimClient.close() }
        let read = try victimClient.call(MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
        #expect(read.id == invoice.id)
        let ownerCertificates = try owner.admin.call(
            MethodNames.listCertificates, ListCertificatesRequest(), as: ListCertificatesResponse.self)
        #expect(ownerCertificates.certificates.map(\.fingerprint) == [fingerprint])
    }

    @Test("application role without tenant sees nothing")
    func rowLevelSecurity() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let invoice = try fixture.issueInvoice()
        _ = try fixture.principal(roles: ["viewer"])
        let database = try #require(server.database)
        let appURL = try ConnectionInfo.setting(["user": "fapiao_app", "password": nil], in: database.url)
        let app = try PostgresConnection(url: appURL)
        defer { app.close() }
        let owner = try database.connect()
        defer { owner.close() }

        let tables = [
            "tenants", "principals", "api_keys", "invoice_series", "invoices", "invoice_lines", "access_log",
            "roles", "principal_roles", "client_certificates", "access_log_digests", "access_log_seals",
        ]
        for table in tables {
            let visible = try app.query("SELECT count(*) AS rows FROM \(table)")
            #expect(try visible.int(row: 0, column: "rows") == 0, "\(table) visible without a tenant")
        }
        let stored = try owner.query("SELECT count(*) AS rows FROM invoices WHERE tenant_id = $1", [fixture.tenantID])
        #expect(try stored.int(row: 0, column: "rows") == 1)

        let inserts = [
            "INSERT INTO tenants (tenant_id, name) VALUES (gen_random_uuid(), 'x')",
            "INSERT INTO principals (tenant_id, principal_id, name, kind) VALUES ('\(fixture.tenantID)', gen_random_uuid(), 'x', 'person')",
            "INSERT INTO invoice_series (tenant_id, series, display_prefix) VALUES ('\(fixture.tenantID)', 'X', 'X')",
            "INSERT INTO roles (tenant_id, name, permissions) VALUES ('\(fixture.tenantID)', 'x', '{invoice.read}')",
            "INSERT INTO access_log (tenant_id, client_address, request_id, method, status_code) VALUES ('\(fixture.tenantID)', '', '', '', 0)",
        ]
        for insert in inserts {
            #expect(throws: PostgresError.self, "\(insert)") { try app.query(insert) }
        }
        let updated = try app.query("UPDATE invoice_series SET next_number = 1 WHERE tenant_id = $1", [fixture.tenantID])
        #expect(updated.affectedRows == 0)
        #expect(throws: PostgresError.self) { try app.query("SELECT * FROM schema_migrations") }

        // With another tenant set, the first tenant's invoice stays invisible.
        let other = try TenantFixture()
        defer { other.close() }
        try app.transaction { connection in
            _ = try connection.query("SELECT set_config('fapiao.tenant_id', $1, true)", [other.tenantID])
            let rows = try connection.query("SELECT count(*) AS rows FROM invoices WHERE invoice_id = $1", [invoice.id])
            #expect(try rows.int(row: 0, column: "rows") == 0)
        }
        let role = try owner.query("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'fapiao_app'")
        #expect(role[0, "rolsuper"] == "f")
        #expect(role[0, "rolbypassrls"] == "f")
        let owned = try owner.query(
            "SELECT count(*) AS tables FROM pg_tables WHERE schemaname = 'public' AND tableowner = 'fapiao_app'")
        #expect(try owned.int(row: 0, column: "tables") == 0)
    }

    @Test("revocation applies to the next call")
    func revocation() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let (principal, key) = try fixture.principal(roles: ["issuer"])
        let client = try fixture.server.client(apiKey: key)
        defer { client.close() }
        _ = try fixture.issueInvoice(client: client)

        let keyID = try #require(APIKeyID(key))
        _ = try fixture.admin.call(MethodNames.revokeAPIKey, RevokeApiKeyRequest(keyID: keyID), as: ApiKey.self)
        #expect(callStatus(client, MethodNames.listPrincipals).code == .unauthenticated)

        let second = try fixture.admin.call(
            MethodNames.createAPIKey, CreateApiKeyRequest(principalID: principal.id), as: CreateApiKeyResponse.self)
        let secondClient = try fixture.server.client(apiKey: second.apiKey)
        defer { secondClient.close() }
        _ = try fixture.issueInvoice(client: secondClient)
        _ = try fixture.admin.call(
            MethodNames.disablePrincipal, SetPrincipalEnabledRequest(id: principal.id), as: FapiaoAPI.Principal.self)
        #expect(callStatus(secondClient, MethodNames.getInvoice).code == .unauthenticated)
        _ = try fixture.admin.call(
            MethodNames.enablePrincipal, SetPrincipalEnabledRequest(id: principal.id), as: FapiaoAPI.Principal.self)
        _ = try fixture.issueInvoice(client: secondClient)
    }

    @Test("expired key is unauthenticated")
    func expiry() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let (principal, _) = try fixture.principal(roles: ["viewer"])
        let expiry = Date().addingTimeInterval(2)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let created = try fixture.admin.call(
            MethodNames.createAPIKey,
            CreateApiKeyRequest(principalID: principal.id, expiresAt: formatter.string(from: expiry)),
            as: CreateApiKeyResponse.self)
        #expect(created.key?.expiresAt.isEmpty == false)
        let client = try fixture.server.client(apiKey: created.apiKey)
        defer { client.close() }
        let early = callStatus(client, MethodNames.getInvoice, request: GetInvoiceRequest(id: UUID().uuidString).protobufBytes())
        #expect(early.code == .notFound)
        Thread.sleep(until: expiry.addingTimeInterval(0.5))
        #expect(callStatus(client, MethodNames.getInvoice).code == .unauthenticated)

        let past = expectStatus {
            _ = try fixture.admin.call(
                MethodNames.createAPIKey,
                CreateApiKeyRequest(principalID: principal.id, expiresAt: "2020-01-01T00:00:00Z"),
                as: CreateApiKeyResponse.self)
        }
        #expect(past?.code == .invalidArgument)
        #expect(past?.message.contains("expiresAt") == true)
    }

    @Test("rate limit of one tenant spares another")
    func rateLimit() throws {
        let server = SharedServer.instance
        let limited = try TenantFixture()
        let neighbour = try TenantFixture()
        defer {
            limited.close()
            neighbour.close()
        }
        let operatorClient = try server.client()
        defer { operatorClient.close() }
        let tenant = try operatorClient.call(
            MethodNames.updateTenantSettings,
            UpdateTenantSettingsRequest(
                id: limited.tenantID, settings: TenantSettings(rateLimitPerSecond: 1, rateLimitBurst: 2)),
            as: Tenant.self)
        #expect(tenant.settings?.rateLimitPerSecond == 1)
        #expect(tenant.settings?.rateLimitBurst == 2)

        var statuses: [CallStatus] = []
        for _ in 0..<4 {
            statuses.append(callStatus(limited.admin, MethodNames.listPrincipals))
        }
        let rejected = try #require(statuses.first { $0.code == .resourceExhausted })
        #expect(statuses.filter { $0.code == .ok }.count <= 2)
        #expect(Int(rejected.trailers[Metadata.Key.retryAfter] ?? "") ?? 0 >= 1)
        for _ in 0..<10 {
            #expect(callStatus(neighbour.admin, MethodNames.listPrincipals).code == .ok)
        }
    }

    @Test("suspended tenant fails until resumed")
    func suspension() throws {
        let server = SharedServer.instance
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let invoice = try fixture.issueInvoice()
        let operatorClient = try server.client()
        defer { operatorClient.close() }
        let suspended = try operatorClient.call(
            MethodNames.suspendTenant, SetTenantStatusRequest(id: fixture.tenantID), as: Tenant.self)
        #expect(suspended.status == .suspended)
        let status = callStatus(
            fixture.admin, MethodNames.getInvoice, request: GetInvoiceRequest(id: invoice.id).protobufBytes())
        #expect(status.code == .failedPrecondition)
        #expect(status.message == "tenant suspended")

        let resumed = try operatorClient.call(
            MethodNames.resumeTenant, SetTenantStatusRequest(id: fixture.tenantID), as: Tenant.self)
        #expect(resumed.status == .active)
        let read = try fixture.admin.call(MethodNames.getInvoice, GetInvoiceRequest(id: invoice.id), as: Invoice.self)
        #expect(read == invoice)

        let listed = try operatorClient.call(MethodNames.listTenants, ListTenantsRequest(), as: ListTenantsResponse.self)
        #expect(listed.tenants.contains { $0.id == fixture.tenantID })
        let operatorRead = callStatus(
            operatorClient, MethodNames.getInvoice, request: GetInvoiceRequest(id: invoice.id).protobufBytes())
        #expect(operatorRead.code == .permissionDenied)
    }

    @Test("last administrator stays")
    func lastAdministrator() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        let status = callStatus(
            fixture.admin, MethodNames.disablePrincipal,
            request: SetPrincipalEnabledRequest(id: fixture.created.adminPrincipalID).protobufBytes())
        #expect(status.code == .failedPrecondition)
        let revoke = callStatus(
            fixture.admin, MethodNames.revokeRole,
            request: RoleGrantRequest(principalID: fixture.created.adminPrincipalID, role: "tenant_admin")
                .protobufBytes())
        #expect(revoke.code == .failedPrecondition)
    }
}

/// Returns the key id part of an API key's text.
func APIKeyID(_ key: String) -> String? {
    let parts = key.split(separator: "_")
    return parts.count == 4 ? String(parts[2]) : nil
}
