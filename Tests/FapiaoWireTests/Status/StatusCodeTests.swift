import FapiaoWire
import Testing

@Suite struct StatusCodeTests {
    /// Expected numbers and names, written out by hand from the gRPC status code list.
    static let grpcCodes: [(number: UInt32, name: String)] = [
        (0, "OK"), (1, "CANCELLED"), (2, "UNKNOWN"), (3, "INVALID_ARGUMENT"),
        (4, "DEADLINE_EXCEEDED"), (5, "NOT_FOUND"), (6, "ALREADY_EXISTS"),
        (7, "PERMISSION_DENIED"), (8, "RESOURCE_EXHAUSTED"), (9, "FAILED_PRECONDITION"),
        (10, "ABORTED"), (11, "OUT_OF_RANGE"), (12, "UNIMPLEMENTED"), (13, "INTERNAL"),
        (14, "UNAVAILABLE"), (15, "DATA_LOSS"), (16, "UNAUTHENTICATED"),
    ]

    @Test func numbersAndNames() throws {
        for (number, name) in StatusCodeTests.grpcCodes {
            let code = try #require(StatusCode(rawValue: number), "no code \(number)")
            #expect(code.name == name)
            #expect(code.description == name)
            #expect(StatusCode.fromWire(number) == code)
        }
    }

    @Test func caseCount() {
        #expect(StatusCode.allCases.count == 17)
        #expect(StatusCode(rawValue: 17) == nil)
    }

    @Test func namedCases() {
        #expect(StatusCode.ok.rawValue == 0)
        #expect(StatusCode.invalidArgument.rawValue == 3)
        #expect(StatusCode.resourceExhausted.rawValue == 8)
        #expect(StatusCode.unavailable.rawValue == 14)
        #expect(StatusCode.unauthenticated.rawValue == 16)
    }

    @Test(arguments: [UInt32(17), 99, UInt32.max])
    func fromWireOutOfRange(number: UInt32) {
        #expect(StatusCode.fromWire(number) == .unknown)
    }
}
