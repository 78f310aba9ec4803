import FapiaoAPI
import Testing

@Suite struct IAMMethodNamesTests {
    @Test func principalServicePaths() {
        #expect(MethodNames.createPrincipal == "/fapiao.iam.v1.PrincipalService/CreatePrincipal")
        #expect(MethodNames.listPrincipals == "/fapiao.iam.v1.PrincipalService/ListPrincipals")
        #expect(MethodNames.disablePrincipal == "/fapiao.iam.v1.PrincipalService/DisablePrincipal")
        #expect(MethodNames.enablePrincipal == "/fapiao.iam.v1.PrincipalService/EnablePrincipal")
    }

    @Test func apiKeyServicePaths() {
        #expect(MethodNames.createAPIKey == "/fapiao.iam.v1.ApiKeyService/CreateApiKey")
        #expect(MethodNames.listAPIKeys == "/fapiao.iam.v1.ApiKeyService/ListApiKeys")
        #expect(MethodNames.revokeAPIKey == "/fapiao.iam.v1.ApiKeyService/RevokeApiKey")
    }

    @Test func certificateServicePaths() {
        #expect(MethodNames.bindCertificate == "/fapiao.iam.v1.CertificateService/BindCertificate")
        #expect(MethodNames.listCertificates == "/fapiao.iam.v1.CertificateService/ListCertificates")
        #expect(MethodNames.unbindCertificate == "/fapiao.iam.v1.CertificateService/UnbindCertificate")
    }

    @Test func roleServicePaths() {
        #expect(MethodNames.listRoles == "/fapiao.iam.v1.RoleService/ListRoles")
        #expect(MethodNames.createRole == "/fapiao.iam.v1.RoleService/CreateRole")
        #expect(MethodNames.grantRole == "/fapiao.iam.v1.RoleService/GrantRole")
        #expect(MethodNames.revokeRole == "/fapiao.iam.v1.RoleService/RevokeRole")
        #expect(MethodNames.listPermissions == "/fapiao.iam.v1.RoleService/ListPermissions")
    }
}
