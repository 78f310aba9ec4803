import FapiaoAPI
import Testing

@Suite struct TenantMethodNamesTests {
    @Test func tenantServicePaths() {
        #expect(MethodNames.createTenant == "/fapiao.tenant.v1.TenantService/CreateTenant")
        #expect(MethodNames.listTenants == "/fapiao.tenant.v1.TenantService/ListTenants")
        #expect(MethodNames.getTenant == "/fapiao.tenant.v1.TenantService/GetTenant")
        #expect(MethodNames.suspendTenant == "/fapiao.tenant.v1.TenantService/SuspendTenant")
        #expect(MethodNames.resumeTenant == "/fapiao.tenant.v1.TenantService/ResumeTenant")
        #expect(MethodNames.updateTenantSettings == "/fapiao.tenant.v1.TenantService/UpdateTenantSettings")
    }
}
