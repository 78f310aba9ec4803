import FapiaoAPI
import Foundation
import Testing

@Suite struct ExampleInvoiceTests {
    /// examples/invoice.json in the package root, which contains Tests/FapiaoAPITests/Invoices/.
    static let exampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("examples/invoice.json")

    @Test func exampleDecodes() throws {
        let data = try Data(contentsOf: ExampleInvoiceTests.exampleURL)

        let request = try ProtoJSON.decode(IssueInvoiceRequest.self, from: data)

        #expect(request.lines.count == 4)
        #expect(request.currency == "CNY")
        #expect(Set(request.lines.map(\.taxRate)) == ["0.13", "0.06"])
        #expect(request.series == "DEFAULT")
        #expect(request.seller?.taxID == "914403001922038216")
        #expect(request.buyer?.taxID == "91310115MA1K4CXM16")
        #expect(request.lines[3].quantity == "1.5")
        #expect(request.lines[2].specification == "")
        #expect(request.issuer == "王芳")
    }

    @Test func exampleProtobufRoundTrip() throws {
        let data = try Data(contentsOf: ExampleInvoiceTests.exampleURL)
        let request = try ProtoJSON.decode(IssueInvoiceRequest.self, from: data)

        let decoded = try IssueInvoiceRequest(protobufBytes: request.protobufBytes())

        #expect(decoded == request)
    }
}
