import FapiaoAPI
import Testing

@Suite struct AuditMethodNamesTests {
    @Test func accessLogServicePaths() {
        #expect(MethodNames.listAccessLogEntries == "/fapiao.audit.v1.AccessLogService/ListEntries")
        #expect(MethodNames.exportAccessLog == "/fapiao.audit.v1.AccessLogService/Export")
        #expect(MethodNames.getPublicKey == "/fapiao.audit.v1.AccessLogService/GetPublicKey")
    }
}
