import FapiaoAPI
import Testing

@Suite struct IAMJSONTests {
    @Test func principalMessagesRoundTrip() throws {
        let create = CreatePrincipalRequest(name: "开票服务", kind: .service, roles: ["issuer", "viewer"])
        let list = ListPrincipalsResponse(principals: IAMFixtures.principals)
        let enable = SetPrincipalEnabledRequest(id: "p-1")

        #expect(try jsonRoundTrip(IAMFixtures.principals[0]) == IAMFixtures.principals[0])
        #expect(try jsonRoundTrip(create) == create)
        #expect(try jsonRoundTrip(list) == list)
        #expect(try jsonRoundTrip(enable) == enable)
        #expect(try jsonRoundTrip(ListPrincipalsRequest()) == ListPrincipalsRequest())
    }

    @Test func apiKeyMessagesRoundTrip() throws {
        let create = CreateApiKeyRequest(principalID: "p-1", expiresAt: "2027-01-01T00:00:00Z")
        let created = CreateApiKeyResponse(key: IAMFixtures.apiKeys[0], apiKey: "fpk_secret")
        let list = ListApiKeysRequest(principalID: "p-1")
        let listed = ListApiKeysResponse(keys: IAMFixtures.apiKeys)
        let revoke = RevokeApiKeyRequest(keyID: "0011223344556677")

        #expect(try jsonRoundTrip(IAMFixtures.apiKeys[0]) == IAMFixtures.apiKeys[0])
        #expect(try jsonRoundTrip(create) == create)
        #expect(try jsonRoundTrip(created) == created)
        #expect(try jsonRoundTrip(list) == list)
        #expect(try jsonRoundTrip(listed) == listed)
        #expect(try jsonRoundTrip(revoke) == revoke)
    }

    @Test func certificateMessagesRoundTrip() throws {
        let bind = BindCertificateRequest(principalID: "p-1", fingerprint: String(repeating: "cd", count: 32))
        let list = ListCertificatesResponse(certificates: IAMFixtures.certificates)
        let unbind = UnbindCertificateRequest(fingerprint: String(repeating: "cd", count: 32))

        #expect(try jsonRoundTrip(IAMFixtures.certificates[0]) == IAMFixtures.certificates[0])
        #expect(try jsonRoundTrip(bind) == bind)
        #expect(try jsonRoundTrip(list) == list)
        #expect(try jsonRoundTrip(unbind) == unbind)
        #expect(try jsonRoundTrip(ListCertificatesRequest()) == ListCertificatesRequest())
    }

    @Test func roleMessagesRoundTrip() throws {
        let list = ListRolesResponse(roles: IAMFixtures.roles)
        let create = CreateRoleRequest(name: "auditor_plus", permissions: ["invoice.read", "审计"])
        let grant = RoleGrantRequest(principalID: "p-1", role: "财务审核")
        let permissions = ListPermissionsResponse(permissions: ["invoice.issue", "invoice.read"])

        #expect(try jsonRoundTrip(IAMFixtures.roles[0]) == IAMFixtures.roles[0])
        #expect(try jsonRoundTrip(list) == list)
        #expect(try jsonRoundTrip(create) == create)
        #expect(try jsonRoundTrip(grant) == grant)
        #expect(try jsonRoundTrip(permissions) == permissions)
        #expect(try jsonRoundTrip(ListRolesRequest()) == ListRolesRequest())
        #expect(try jsonRoundTrip(ListPermissionsRequest()) == ListPermissionsRequest())
    }

    @Test func createApiKeyRequestNames() throws {
        let json = #"{"principalId":"p","expiresAt":"2027-01-01T00:00:00Z"}"#

        let request = try decodeJSON(CreateApiKeyRequest.self, json)

        #expect(request.principalID == "p")
        #expect(request.expiresAt == "2027-01-01T00:00:00Z")
    }

    @Test func createPrincipalRequestNames() throws {
        let json = #"{"name":"开票服务","kind":"PRINCIPAL_KIND_SERVICE","roles":["issuer","viewer"]}"#

        let request = try decodeJSON(CreatePrincipalRequest.self, json)

        #expect(request.name == "开票服务")
        #expect(request.kind == .service)
        #expect(request.roles == ["issuer", "viewer"])
    }

    @Test func kindAcceptedAsNumber() throws {
        let request = try decodeJSON(CreatePrincipalRequest.self, #"{"kind":3}"#)

        #expect(request.kind == .operator)
    }

    @Test func unknownKindNameRejected() throws {
        let error = try #require(jsonDecodingError(CreatePrincipalRequest.self, #"{"kind":"ROBOT"}"#))

        #expect(error.path == "kind")
        #expect(error.reason.contains("PRINCIPAL_KIND_SERVICE"))
    }

    @Test func principalNames() throws {
        let json = #"{"id":"p","tenantId":"t","name":"王芳","kind":"PRINCIPAL_KIND_PERSON","roles":["issuer"],"disabled":true,"createdAt":"2026-01-01T00:00:00Z"}"#

        let principal = try decodeJSON(Principal.self, json)

        #expect(principal.id == "p")
        #expect(principal.tenantID == "t")
        #expect(principal.name == "王芳")
        #expect(principal.kind == .person)
        #expect(principal.roles == ["issuer"])
        #expect(principal.disabled)
        #expect(principal.createdAt == "2026-01-01T00:00:00Z")
    }

    @Test func apiKeyNames() throws {
        let json = #"{"keyId":"k","principalId":"p","createdAt":"c","expiresAt":"e","revokedAt":"r"}"#

        let key = try decodeJSON(ApiKey.self, json)

        #expect(key == ApiKey(keyID: "k", principalID: "p", createdAt: "c", expiresAt: "e", revokedAt: "r"))
    }

    @Test func createApiKeyResponseNames() throws {
        let json = #"{"key":{"keyId":"k"},"apiKey":"fpk_secret"}"#

        let response = try decodeJSON(CreateApiKeyResponse.self, json)

        #expect(response.key?.keyID == "k")
        #expect(response.apiKey == "fpk_secret")
    }

    @Test func roleNames() throws {
        let json = #"{"name":"issuer","permissions":["invoice.issue","invoice.read"],"builtIn":true}"#

        let role = try decodeJSON(Role.self, json)

        #expect(role.name == "issuer")
        #expect(role.permissions == ["invoice.issue", "invoice.read"])
        #expect(role.builtIn)
    }

    @Test func roleGrantAndCertificateNames() throws {
        let grant = try decodeJSON(RoleGrantRequest.self, #"{"principalId":"p","role":"viewer"}"#)
        let bind = try decodeJSON(BindCertificateRequest.self, #"{"principalId":"p","fingerprint":"ab"}"#)
        let keys = try decodeJSON(ListApiKeysRequest.self, #"{"principalId":"p"}"#)
        let revoke = try decodeJSON(RevokeApiKeyRequest.self, #"{"keyId":"k"}"#)

        #expect(grant == RoleGrantRequest(principalID: "p", role: "viewer"))
        #expect(bind == BindCertificateRequest(principalID: "p", fingerprint: "ab"))
        #expect(keys == ListApiKeysRequest(principalID: "p"))
        #expect(revoke == RevokeApiKeyRequest(keyID: "k"))
    }

    @Test func snakeCaseNamesAccepted() throws {
        let principal = try decodeJSON(Principal.self, #"{"tenant_id":"t","created_at":"c"}"#)
        let key = try decodeJSON(ApiKey.self, #"{"key_id":"k","principal_id":"p","expires_at":"e","revoked_at":"r"}"#)
        let role = try decodeJSON(Role.self, #"{"built_in":true}"#)
        let response = try decodeJSON(CreateApiKeyResponse.self, #"{"api_key":"fpk_secret"}"#)

        #expect(principal.tenantID == "t")
        #expect(principal.createdAt == "c")
        #expect(key == ApiKey(keyID: "k", principalID: "p", expiresAt: "e", revokedAt: "r"))
        #expect(role.builtIn)
        #expect(response.apiKey == "fpk_secret")
    }

    @Test func encodedPrincipalNames() throws {
        let object = try encodedJSONObject(IAMFixtures.principals[0])

        #expect(object["tenantId"] as? String == IAMFixtures.tenantID)
        #expect(object["kind"] as? String == "PRINCIPAL_KIND_PERSON")
        #expect(object["roles"] as? [String] == ["issuer", "viewer", "财务审核"])
        #expect(object["disabled"] as? Bool == true)
        #expect(object["createdAt"] as? String == "2026-01-02T03:04:05.000006Z")
        #expect(object["tenant_id"] == nil)
    }

    @Test func encodedKeyAndRoleNames() throws {
        let key = try encodedJSONObject(IAMFixtures.apiKeys[0])
        let role = try encodedJSONObject(IAMFixtures.roles[0])
        let created = try encodedJSONObject(CreateApiKeyResponse(key: IAMFixtures.apiKeys[1], apiKey: "s"))

        #expect(Set(key.keys) == ["keyId", "principalId", "createdAt", "expiresAt", "revokedAt"])
        #expect(Set(role.keys) == ["name", "permissions", "builtIn"])
        #expect(Set(created.keys) == ["key", "apiKey"])
    }

    @Test func defaultsOmitted() throws {
        let principal = try encodedJSONObject(IAMFixtures.principals[2])

        #expect(Set(principal.keys) == ["id", "tenantId", "name", "kind"])
        #expect(try encodedJSONObject(Principal()).isEmpty)
        #expect(try encodedJSONObject(Role()).isEmpty)
        #expect(try encodedJSONObject(ListRolesRequest()).isEmpty)
        #expect(try encodedJSONObject(ListPermissionsResponse()).isEmpty)
    }

    @Test func unknownFieldRejected() throws {
        let json = #"{"principalId":"p","role":"viewer","roles":["issuer"]}"#

        let error = try #require(jsonDecodingError(RoleGrantRequest.self, json))

        #expect(error.path == "roles")
        #expect(error.reason.contains("fapiao.iam.v1.RoleGrantRequest"))
    }

    @Test func unknownFieldInEmptyMessage() throws {
        let error = try #require(jsonDecodingError(ListPermissionsRequest.self, #"{"filter":"invoice"}"#))

        #expect(error.path == "filter")
    }

    @Test func unknownNestedField() throws {
        let json = #"{"principals":[{"id":"p"},{"id":"q","role":"viewer"}]}"#

        let error = try #require(jsonDecodingError(ListPrincipalsResponse.self, json))

        #expect(error.path == "principals[1].role")
    }

    @Test func nonStringRoleRejected() throws {
        let error = try #require(jsonDecodingError(CreatePrincipalRequest.self, #"{"roles":["issuer",7]}"#))

        #expect(error.path == "roles[1]")
    }
}
