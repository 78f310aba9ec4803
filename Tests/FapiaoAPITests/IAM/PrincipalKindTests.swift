import FapiaoAPI
import Testing

@Suite struct PrincipalKindTests {
    @Test func protoNames() {
        #expect(PrincipalKind.unspecified.protoName == "PRINCIPAL_KIND_UNSPECIFIED")
        #expect(PrincipalKind.person.protoName == "PRINCIPAL_KIND_PERSON")
        #expect(PrincipalKind.service.protoName == "PRINCIPAL_KIND_SERVICE")
        #expect(PrincipalKind.operator.protoName == "PRINCIPAL_KIND_OPERATOR")
    }

    @Test func storageNames() {
        #expect(PrincipalKind.person.storageName == "person")
        #expect(PrincipalKind.service.storageName == "service")
        #expect(PrincipalKind.operator.storageName == "operator")
    }

    @Test func storageNameParsing() {
        #expect(PrincipalKind(storageName: "person") == .person)
        #expect(PrincipalKind(storageName: "service") == .service)
        #expect(PrincipalKind(storageName: "operator") == .operator)
        #expect(PrincipalKind(storageName: "robot") == nil)
        #expect(PrincipalKind(storageName: "PERSON") == nil)
    }

    @Test func protoNumbers() {
        #expect(PrincipalKind(protoNumber: 2) == .service)
        #expect(PrincipalKind(protoNumber: 99) == .unspecified)
        #expect(PrincipalKind.operator.protoNumber == 3)
    }
}
