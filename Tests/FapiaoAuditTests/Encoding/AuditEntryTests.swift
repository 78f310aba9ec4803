import Foundation
import Testing

@testable import FapiaoAudit

@Suite struct AuditEntryTests {
    static let entry = AuditEntry(
        tenantID: "tenant-a", entryID: 1050, sealSequence: 1042,
        time: "2026-12-04T08:01:02.123456Z", principalID: "p-1", principalName: "李四",
        credential: "api_key:abc", clientAddress: "127.0.0.1:5000", requestID: "r-9",
        method: "/fapiao.invoice.v1.InvoiceService/Void", resourceType: "invoice",
        resourceID: "INV-7", statusCode: 9, statusMessage: "bad\\state\nsee log\r",
        changes: #"{"status":{"after":"void","before":"issued"}}"#)

    @Test func canonicalTextMatchesHandWrittenText() {
        let expected = """
            format=fapiao-access-log-entry-v1
            tenant_id=tenant-a
            seal_sequence=1042
            entry_id=1050
            time=2026-12-04T08:01:02.123456Z
            principal_id=p-1
            principal_name=李四
            credential=api_key:abc
            client_address=127.0.0.1:5000
            request_id=r-9
            method=/fapiao.invoice.v1.InvoiceService/Void
            resource_type=invoice
            resource_id=INV-7
            status_code=9
            status_message=bad\\\\state\\nsee log\\r
            changes={"status":{"after":"void","before":"issued"}}

            """
        #expect(Self.entry.canonicalText == expected)
    }

    @Test func canonicalTextEscapesStatusMessage() {
        let line = Self.entry.canonicalText.split(separator: "\n")
            .first { $0.hasPrefix("status_message=") }
        #expect(line == #"status_message=bad\\state\nsee log\r"#)
    }

    @Test func emptyFieldsKeepTheirLines() {
        let entry = AuditEntry(
            tenantID: "t", entryID: 1, sealSequence: 1, time: "", principalID: "",
            principalName: "", credential: "", clientAddress: "", requestID: "", method: "",
            resourceType: "", resourceID: "", statusCode: 0, statusMessage: "", changes: "")
        let lines = entry.canonicalText.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 17)
        #expect(lines.last == "")
        #expect(lines[15] == "changes=")
    }

    @Test func hashEqualsSHA256SumOfCanonicalText() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("canonical.txt")
        try Data(Self.entry.canonicalText.utf8).write(to: file)
        let expected = try sha256sum(of: file)
        #expect(expected.count == 64)
        #expect(Self.entry.computeHashHex() == expected)
        #expect(Self.entry.computeHash().count == 32)
    }

    @Test func entryHashIsNotPartOfCanonicalText() {
        var changed = Self.entry
        changed.entryHash = String(repeating: "a", count: 64)
        #expect(changed.canonicalText == Self.entry.canonicalText)
    }
}
