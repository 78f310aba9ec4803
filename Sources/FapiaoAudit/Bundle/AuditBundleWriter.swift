public import Foundation

/// Writer of an export bundle: a directory with the entries file
/// (`entries.jsonl` or `entries.csv`), `digests.jsonl`, `public_key.pem`
/// and `manifest.json`, which `AuditBundleVerifier` checks offline.
///
/// Records arrive as an export streams them: a digest, then its entries in
/// seal order, repeatedly. Files are written through fixed-size buffers,
/// so memory use does not grow with the number of records. The manifest
/// is written last, so an interrupted export leaves a bundle that fails
/// verification. Not shared between threads.
public final class AuditBundleWriter {
    private let directory: URL
    private let format: AuditEntryFormat
    private let keyID: String
    private let range: (from: String, to: String)
    private let tenantID: String
    private let entriesFile: HashingFileWriter
    private let digestsFile: HashingFileWriter
    private let publicKeyFile: BundleManifest.File
    private var digestCount = 0
    private var entryCount = 0
    private var firstDigest: AuditDigest?
    private var lastDigest: AuditDigest?
    private var finished = false

    /// Creates `directory`, or uses it if it exists and is empty, and writes
    /// `public_key.pem`. Throws when the directory is not empty or `keyID`
    /// is not the key id of `publicKeyPEM`.
    public init(
        directory: URL, format: AuditEntryFormat, publicKeyPEM: String, keyID: String,
        range: (from: String, to: String), tenantID: String
    ) throws {
        let actualKeyID = try VerifyingKey(pem: publicKeyPEM).keyID
        guard actualKeyID == keyID else {
            throw AuditError(
                operation: "create audit bundle",
                reasons: ["key id \(keyID) does not match the public key, whose key id is \(actualKeyID)"])
        }
        try Self.prepareEmptyDirectory(directory)
        self.directory = directory
        self.format = format
        self.keyID = keyID
        self.range = range
        self.tenantID = tenantID

        let keyWriter = try HashingFileWriter(
            url: directory.appendingPathComponent(BundleManifest.publicKeyFileName))
        try keyWriter.write(publicKeyPEM)
        publicKeyFile = try keyWriter.finish()

        entriesFile = try HashingFileWriter(url: directory.appendingPathComponent(format.fileName))
        digestsFile = try HashingFileWriter(
            url: directory.appendingPathComponent(BundleManifest.digestsFileName))
        if format == .csv {
            try entriesFile.write(AuditCSV.header)
        }
    }

    /// Appends a digest. Its entries follow with `append(entry:)`.
    public func append(digest: AuditDigest) throws {
        try checkOpen()
        guard digest.tenantID == tenantID else {
            throw AuditError(
                operation: "append digest",
                reasons: [
                    "digest \(digest.digestSequence) belongs to tenant \(digest.tenantID), but the bundle is for \(tenantID)"
                ])
        }
        try digestsFile.write(AuditJSONLines.encode(digest) + "\n")
        if firstDigest == nil {
            firstDigest = digest
        }
        lastDigest = digest
        digestCount += 1
    }

    /// Appends an entry of the digest appended last.
    public func append(entry: AuditEntry) throws {
        try checkOpen()
        guard lastDigest != nil else {
            throw AuditError(
                operation: "append entry",
                reasons: ["entry seal_sequence \(entry.sealSequence) arrived before any digest"])
        }
        guard entry.tenantID == tenantID else {
            throw AuditError(
                operation: "append entry",
                reasons: [
                    "entry seal_sequence \(entry.sealSequence) belongs to tenant \(entry.tenantID), but the bundle is for \(tenantID)"
                ])
        }
        switch format {
        case .jsonl: try entriesFile.write(AuditJSONLines.encode(entry) + "\n")
        case .csv: try entriesFile.write(AuditCSV.encode(entry))
        }
        entryCount += 1
    }

    /// Closes the data files and writes `manifest.json`. No record can be
    /// appended afterwards.
    public func finish() throws {
        try checkOpen()
        finished = true
        let entries = try entriesFile.finish()
        let digests = try digestsFile.finish()
        let manifest = BundleManifest(
            format: BundleManifest.currentFormat, tenantID: tenantID,
            range: BundleManifest.Range(from: range.from, to: range.to),
            entryFormat: format.rawValue,
            counts: BundleManifest.Counts(digests: digestCount, entries: entryCount),
            firstDigestSequence: firstDigest?.digestSequence ?? 0,
            lastDigestSequence: lastDigest?.digestSequence ?? 0,
            anchorDigestHash: firstDigest?.previousDigestHash ?? "",
            files: [entries, digests, publicKeyFile], keyID: keyID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let manifestWriter = try HashingFileWriter(
            url: directory.appendingPathComponent(BundleManifest.fileName))
        do {
            try manifestWriter.write(String(decoding: try encoder.encode(manifest), as: UTF8.self) + "\n")
        } catch let error as AuditError {
            throw error
        } catch {
            throw AuditError(operation: "encode manifest", reasons: [error.localizedDescription])
        }
        _ = try manifestWriter.finish()
    }

    private func checkOpen() throws {
        guard !finished else {
            throw AuditError(
                operation: "write audit bundle", reasons: ["the bundle is already finished"])
        }
    }

    private static func prepareEmptyDirectory(_ directory: URL) throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw AuditError(
                    operation: "create audit bundle",
                    reasons: ["\(directory.path) exists and is not a directory"])
            }
            let contents = try fileManager.contentsOfDirectory(atPath: directory.path)
            guard contents.isEmpty else {
                throw AuditError(
                    operation: "create audit bundle",
                    reasons: ["\(directory.path) is not empty; choose a new or empty directory"])
            }
            return
        }
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw AuditError(
                operation: "create audit bundle",
                reasons: [directory.path, error.localizedDescription])
        }
    }
}
