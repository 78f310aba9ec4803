import Foundation
import Testing

@testable import FapiaoAudit

/// A bundle of sample records written to a fresh temporary directory, with
/// helpers that tamper with its files.
struct BundleFixture {
    let root: URL
    let directory: URL
    let key: SigningKey
    let format: AuditEntryFormat
    let chain: [(digest: AuditDigest, entries: [AuditEntry])]

    init(format: AuditEntryFormat, digestCount: Int = 3, entriesPerDigest: Int = 5) throws {
        root = try makeTemporaryDirectory()
        directory = root.appendingPathComponent("bundle", isDirectory: true)
        key = try SigningKey.generate()
        self.format = format
        chain = try SampleRecords.chain(
            key: key, digestCount: digestCount, entriesPerDigest: entriesPerDigest)
        let writer = try AuditBundleWriter(
            directory: directory, format: format, publicKeyPEM: key.publicKeyPEM,
            keyID: key.keyID,
            range: (from: "2026-12-01T00:00:00Z", to: "2026-12-05T00:00:00Z"),
            tenantID: "tenant-a")
        for (digest, entries) in chain {
            try writer.append(digest: digest)
            for entry in entries {
                try writer.append(entry: entry)
            }
        }
        try writer.finish()
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    func url(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    func verify(publicKeyPEM: String? = nil) -> AuditVerificationReport {
        AuditBundleVerifier.verify(directory: directory, publicKeyPEM: publicKeyPEM)
    }

    /// Returns the JSON Lines file's lines, without line feeds.
    func lines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: url(name), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    func writeLines(_ lines: [String], to name: String) throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: url(name))
    }

    /// Sets the manifest's sha256 and bytes of `name` to the file's current
    /// content, computed with `sha256sum`, so only content checks can catch a change.
    func fixManifest(for name: String) throws {
        let manifestURL = url("manifest.json")
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        var files = try #require(manifest["files"] as? [[String: Any]])
        let index = try #require(files.firstIndex { $0["name"] as? String == name })
        files[index]["sha256"] = try sha256sum(of: url(name))
        files[index]["bytes"] = try Data(contentsOf: url(name)).count
        manifest["files"] = files
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys])
            .write(to: manifestURL)
    }

    /// Replaces the digest at `index` (0-based) in `digests.jsonl` with
    /// `change` applied, optionally sealed again with the bundle's key, and fixes the manifest.
    func rewriteDigest(at index: Int, reseal: Bool, _ change: (inout AuditDigest) -> Void) throws {
        var lines = try lines("digests.jsonl")
        var digest = try AuditJSONLines.decodeDigest(lines[index], lineNumber: index + 1)
        change(&digest)
        if reseal {
            try digest.seal(with: key)
        }
        lines[index] = AuditJSONLines.encode(digest)
        try writeLines(lines, to: "digests.jsonl")
        try fixManifest(for: "digests.jsonl")
    }
}

/// Returns the process's peak resident set size in KiB (VmHWM from /proc/self/status).
func peakResidentSetKiB() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
    let digits = line.filter(\.isNumber)
    return try #require(Int(digits))
}
