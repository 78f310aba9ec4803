@testable import FapiaoServices
import Testing

@Suite struct BuiltInRoleTests {
    @Test func platformOperator() {
        let permissions = BuiltInRole.platformOperator.permissions

        #expect(permissions.contains(.tenantCreate))
        #expect(permissions.contains(.tenantSuspend))
        #expect(!permissions.contains { $0.rawValue.hasPrefix("invoice.") })
        #expect(!permissions.contains { $0.rawValue.hasPrefix("audit.") })
    }

    @Test func viewerReadsOnly() {
        #expect(BuiltInRole.viewer.permissions == [.invoiceRead])
    }

    @Test func auditorAndIssuer() {
        #expect(BuiltInRole.auditor.permissions.contains(.auditRead))
        #expect(!BuiltInRole.issuer.permissions.contains(.auditRead))
        #expect(BuiltInRole.issuer.permissions.contains(.invoiceIssue))
        #expect(!BuiltInRole.auditor.permissions.contains(.invoiceIssue))
    }

    @Test func tenantAdminHasNoPlatformPermission() {
        let permissions = BuiltInRole.tenantAdmin.permissions

        #expect(!permissions.contains(.tenantCreate))
        #expect(!permissions.contains(.tenantSuspend))
        #expect(permissions.contains(.invoiceIssue))
        #expect(permissions.contains(.keyManage))
    }

    @Test func roleNames() {
        #expect(BuiltInRole.platformOperator.rawValue == "platform_operator")
        #expect(BuiltInRole.tenantAdmin.rawValue == "tenant_admin")
        #expect(BuiltInRole(rawValue: "viewer") == .viewer)
    }

    @Test func permissionNames() {
        #expect(Permission.tenantCreate.rawValue == "tenant.create")
        #expect(Permission.invoiceRead.rawValue == "invoice.read")
        #expect(Permission.auditRead.rawValue == "audit.read")
    }
}
