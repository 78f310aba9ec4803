import Foundation
import Testing

@testable import FapiaoServices

@Suite("Permission matrix document")
struct PermissionMatrixTests {
    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/permissions.md")

    @Test("docs/permissions.md matches the code")
    func documentMatchesCode() throws {
        let document = try String(contentsOf: PermissionMatrixTests.documentURL, encoding: .utf8)
        #expect(document == PermissionMatrix.markdown(), "run make docs to regenerate docs/permissions.md")
    }

    @Test("every method has one permission row")
    func everyMethodListed() throws {
        let document = try String(contentsOf: PermissionMatrixTests.documentURL, encoding: .utf8)
        let paths = ServiceCatalog.methods().map(\.path)
        #expect(Set(paths).count == paths.count)
        for path in paths {
            let rows = document.split(separator: "\n").filter { $0.hasPrefix("| `\(path)` |") }
            #expect(rows.count == 1, "\(path)")
        }
    }
}
