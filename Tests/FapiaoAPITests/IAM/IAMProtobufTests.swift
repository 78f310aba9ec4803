import FapiaoAPI
import FapiaoWire
import Testing

@Suite struct IAMProtobufTests {
    @Test func principalRoundTrip() throws {
        let principal = IAMFixtures.principals[0]

        let decoded = try protobufRoundTrip(principal)

        #expect(decoded == principal)
        #expect(decoded.roles == ["issuer", "viewer", "财务审核"])
        #expect(decoded.kind == .person)
        #expect(decoded.disabled)
    }

    @Test func principalWithoutRolesRoundTrip() throws {
        let principal = IAMFixtures.principals[2]

        let decoded = try protobufRoundTrip(principal)

        #expect(decoded == principal)
        #expect(decoded.roles.isEmpty)
        #expect(!decoded.disabled)
    }

    @Test func createPrincipalRequestRoundTrip() throws {
        let request = CreatePrincipalRequest(name: "开票服务", kind: .service, roles: ["issuer", "viewer", "审计"])

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.roles.count == 3)
    }

    @Test func listPrincipalsRoundTrip() throws {
        let response = ListPrincipalsResponse(principals: IAMFixtures.principals)

        let decoded = try protobufRoundTrip(response)

        #expect(decoded == response)
        #expect(decoded.principals.count == 3)
        #expect(decoded.principals[1].name == "开票服务")
        #expect(try protobufRoundTrip(ListPrincipalsRequest()) == ListPrincipalsRequest())
    }

    @Test func setPrincipalEnabledRoundTrip() throws {
        let request = SetPrincipalEnabledRequest(id: IAMFixtures.principals[0].id)

        #expect(try protobufRoundTrip(request) == request)
    }

    @Test func apiKeyRoundTrip() throws {
        let key = IAMFixtures.apiKeys[0]

        let decoded = try protobufRoundTrip(key)

        #expect(decoded == key)
        #expect(decoded.revokedAt == "2026-06-01T12:00:00.000000Z")
    }

    @Test func createApiKeyRoundTrip() throws {
        let request = CreateApiKeyRequest(principalID: "p-1", expiresAt: "2027-01-01T00:00:00Z")
        let response = CreateApiKeyResponse(
            key: IAMFixtures.apiKeys[0],
            apiKey: "fpk_6f1c2d3e4a5b4c6d8e7f901a2b3c4d5e_0011223344556677_" + String(repeating: "ab", count: 32))

        let decodedResponse = try protobufRoundTrip(response)

        #expect(try protobufRoundTrip(request) == request)
        #expect(decodedResponse == response)
        #expect(decodedResponse.key?.keyID == "0011223344556677")
    }

    @Test func createApiKeyResponseWithoutKey() throws {
        let response = CreateApiKeyResponse(apiKey: "k")

        let decoded = try protobufRoundTrip(response)

        #expect(decoded == response)
        #expect(decoded.key == nil)
    }

    @Test func listApiKeysRoundTrip() throws {
        let request = ListApiKeysRequest(principalID: "p-1")
        let response = ListApiKeysResponse(keys: IAMFixtures.apiKeys)

        let decoded = try protobufRoundTrip(response)

        #expect(try protobufRoundTrip(request) == request)
        #expect(decoded == response)
        #expect(decoded.keys.count == 3)
    }

    @Test func revokeApiKeyRoundTrip() throws {
        let request = RevokeApiKeyRequest(keyID: "0011223344556677")

        #expect(try protobufRoundTrip(request) == request)
    }

    @Test func certificateMessagesRoundTrip() throws {
        let bind = BindCertificateRequest(principalID: "p-1", fingerprint: String(repeating: "cd", count: 32))
        let unbind = UnbindCertificateRequest(fingerprint: String(repeating: "cd", count: 32))
        let list = ListCertificatesResponse(certificates: IAMFixtures.certificates)

        #expect(try protobufRoundTrip(IAMFixtures.certificates[0]) == IAMFixtures.certificates[0])
        #expect(try protobufRoundTrip(bind) == bind)
        #expect(try protobufRoundTrip(unbind) == unbind)
        #expect(try protobufRoundTrip(list) == list)
        #expect(try protobufRoundTrip(ListCertificatesRequest()) == ListCertificatesRequest())
    }

    @Test func roleRoundTrip() throws {
        let role = IAMFixtures.roles[1]

        let decoded = try protobufRoundTrip(role)

        #expect(decoded == role)
        #expect(decoded.permissions == ["invoice.read", "invoice.reverse", "审计.查看"])
        #expect(!decoded.builtIn)
        #expect(try protobufRoundTrip(IAMFixtures.roles[0]).builtIn)
    }

    @Test func roleListsRoundTrip() throws {
        let roles = ListRolesResponse(roles: IAMFixtures.roles)
        let permissions = ListPermissionsResponse(permissions: ["invoice.issue", "invoice.read", "审计.查看"])

        let decodedRoles = try protobufRoundTrip(roles)

        #expect(decodedRoles == roles)
        #expect(decodedRoles.roles[2].permissions.isEmpty)
        #expect(try protobufRoundTrip(permissions) == permissions)
        #expect(try protobufRoundTrip(ListRolesRequest()) == ListRolesRequest())
        #expect(try protobufRoundTrip(ListPermissionsRequest()) == ListPermissionsRequest())
    }

    @Test func roleRequestsRoundTrip() throws {
        let create = CreateRoleRequest(name: "auditor_plus", permissions: ["invoice.read", "audit.read", "审计"])
        let grant = RoleGrantRequest(principalID: "p-1", role: "财务审核")

        #expect(try protobufRoundTrip(create) == create)
        #expect(try protobufRoundTrip(grant) == grant)
    }

    @Test func roleGrantRequestWireBytes() {
        // Field 1 (principal_id) has tag 0x0A and field 2 (role) has tag 0x12,
        // both length-delimited, each followed by the length and the UTF-8 bytes.
        let bytes = RoleGrantRequest(principalID: "ab", role: "x").protobufBytes()

        #expect(bytes == [0x0A, 0x02, 0x61, 0x62, 0x12, 0x01, 0x78])
    }

    @Test func emptyMessagesEncodeToNoBytes() {
        #expect(ListPrincipalsRequest().protobufBytes().isEmpty)
        #expect(ListCertificatesRequest().protobufBytes().isEmpty)
        #expect(ListRolesRequest().protobufBytes().isEmpty)
        #expect(ListPermissionsRequest().protobufBytes().isEmpty)
    }

    @Test func emptyBytesAreDefaults() throws {
        #expect(try Principal(protobufBytes: []) == Principal())
        #expect(try ApiKey(protobufBytes: []) == ApiKey())
        #expect(try Role(protobufBytes: []) == Role())
        #expect(try ListRolesRequest(protobufBytes: []) == ListRolesRequest())
    }

    @Test func garbageBytesThrow() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]

        #expect(throws: ProtobufDecodingError.self) { try Principal(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try CreatePrincipalRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListPrincipalsRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListPrincipalsResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try SetPrincipalEnabledRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ApiKey(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try CreateApiKeyRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try CreateApiKeyResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListApiKeysRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListApiKeysResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try RevokeApiKeyRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try Certificate(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try BindCertificateRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListCertificatesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListCertificatesResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try UnbindCertificateRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try Role(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListRolesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListRolesResponse(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try CreateRoleRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try RoleGrantRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListPermissionsRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListPermissionsResponse(protobufBytes: garbage) }
    }

    @Test func unknownKindNumberIsUnspecified() throws {
        // Field 4 (kind) is a varint with tag 0x20, and 9 is not a PrincipalKind value.
        let principal = try Principal(protobufBytes: [0x20, 0x09])

        #expect(principal.kind == .unspecified)
    }
}
