import Foundation
import Testing

@Suite("Generated protobuf-c code")
struct GeneratedCodeTests {
    @Test("checked-in code matches Protos")
    func generatedCodeIsFresh() throws {
        let root = ServerProcess.packageRoot
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fapiao-protos-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let generate = Process()
        generate.executableURL = root.appendingPathComponent("scripts/generate-protos")
        generate.arguments = [output.path]
        try generate.run()
        generate.waitUntilExit()
        #expect(generate.terminationStatus == 0, "scripts/generate-protos failed; is protoc-c installed?")

        let diff = Process()
        diff.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        diff.arguments = [
            "-r", output.path, root.appendingPathComponent("Sources/CFapiaoProto").path,
        ]
        let pipe = Pipe()
        diff.standardOutput = pipe
        try diff.run()
        let differences = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        diff.waitUntilExit()
        #expect(
            diff.terminationStatus == 0,
            "Sources/CFapiaoProto is stale; run scripts/generate-protos:\n\(differences.prefix(2000))")
    }
}
