import Foundation

/// State of one `AuditBundleVerifier.verify` run. Each check throws a
/// `VerificationFailure` whose message names what failed.
final class BundleVerification {
    /// Bound on `manifest.json` and `public_key.pem`, which are read whole.
    private static let maximumSmallFileLength = 1024 * 1024

    private let directory: URL
    private(set) var digestsChecked = 0
    private(set) var entriesChecked = 0

    init(directory: URL) {
        self.directory = directory
    }

    func run(publicKeyPEM: String?) throws(VerificationFailure) {
        let manifest = try readManifest()
        guard let format = AuditEntryFormat(rawValue: manifest.entryFormat) else {
            throw VerificationFailure(
                "manifest.json: entry_format \"\(manifest.entryFormat)\" is not jsonl or csv")
        }
        try checkFileList(manifest, format: format)
        for file in manifest.files {
            try checkFile(file)
        }
        let key = try verifyingKey(manifest: manifest, givenPEM: publicKeyPEM)
        let digestsHandle = try openFile(BundleManifest.digestsFileName)
        let entriesHandle = try openFile(format.fileName)
        defer { try? entriesHandle.close() }
        var chain: DigestChainVerification?
        do {
            let entries = try EntryRecordStream(format: format, handle: entriesHandle)
            chain = DigestChainVerification(
                manifest: manifest, key: key, digests: digestsHandle, entries: entries)
            try chain?.run()
        } catch {
            digestsChecked = chain?.digestsChecked ?? 0
            entriesChecked = chain?.entriesChecked ?? 0
            throw (error as? VerificationFailure) ?? VerificationFailure("\(error)")
        }
        digestsChecked = chain?.digestsChecked ?? 0
        entriesChecked = chain?.entriesChecked ?? 0
    }

    private func readManifest() throws(VerificationFailure) -> BundleManifest {
        let data = try readSmallFile(BundleManifest.fileName)
        let manifest: BundleManifest
        do {
            manifest = try JSONDecoder().decode(BundleManifest.self, from: data)
        } catch {
            throw VerificationFailure("manifest.json: invalid: \(describe(error))")
        }
        guard manifest.format == BundleManifest.currentFormat else {
            throw VerificationFailure(
                "manifest.json: format \"\(manifest.format)\" is not \(BundleManifest.currentFormat)")
        }
        return manifest
    }

    private func checkFileList(_ manifest: BundleManifest, format: AuditEntryFormat)
        throws(VerificationFailure)
    {
        let expected = [format.fileName, BundleManifest.digestsFileName,
            BundleManifest.publicKeyFileName].sorted()
        let listed = manifest.files.map(\.name).sorted()
        guard listed == expected else {
            throw VerificationFailure(
                "manifest.json: files must list exactly \(expected.joined(separator: ", ")),"
                    + " found \(listed.joined(separator: ", "))")
        }
    }

    /// Checks a file's size and streamed SHA-256 against the manifest.
    private func checkFile(_ file: BundleManifest.File) throws(VerificationFailure) {
        let handle = try openFile(file.name)
        defer { try? handle.close() }
        let hasher = SHA256Hasher()
        var size = 0
        do {
            while let chunk = try handle.read(upToCount: 1024 * 1024), !chunk.isEmpty {
                hasher.update(chunk)
                size += chunk.count
            }
        } catch {
            throw VerificationFailure("\(file.name): read failed: \(error.localizedDescription)")
        }
        guard size == file.bytes else {
            throw VerificationFailure(
                "\(file.name): size \(size) bytes does not match the manifest (\(file.bytes) bytes)")
        }
        guard Hex.encode(hasher.finish()) == file.sha256 else {
            throw VerificationFailure("\(file.name): SHA-256 does not match the manifest")
        }
    }

    private func verifyingKey(manifest: BundleManifest, givenPEM: String?)
        throws(VerificationFailure) -> VerifyingKey
    {
        if let givenPEM {
            let key: VerifyingKey
            do {
                key = try VerifyingKey(pem: givenPEM, source: "the given public key")
            } catch {
                throw VerificationFailure("the given public key is invalid: \(error)")
            }
            guard key.keyID == manifest.keyID else {
                throw VerificationFailure(
                    "key id mismatch: the bundle is signed by key \(manifest.keyID), but the given"
                        + " public key is \(key.keyID)")
            }
            return key
        }
        let pem = String(decoding: try readSmallFile(BundleManifest.publicKeyFileName), as: UTF8.self)
        let key: VerifyingKey
        do {
            key = try VerifyingKey(pem: pem, source: BundleManifest.publicKeyFileName)
        } catch {
            throw VerificationFailure("public_key.pem: invalid: \(error)")
        }
        guard key.keyID == manifest.keyID else {
            throw VerificationFailure(
                "public_key.pem: key id \(key.keyID) does not match the manifest's key_id \(manifest.keyID)")
        }
        return key
    }

    private func openFile(_ name: String) throws(VerificationFailure) -> FileHandle {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw VerificationFailure("\(name) missing")
        }
        do {
            return try FileHandle(forReadingFrom: url)
        } catch {
            throw VerificationFailure("\(name): open failed: \(error.localizedDescription)")
        }
    }

    private func readSmallFile(_ name: String) throws(VerificationFailure) -> Data {
        let handle = try openFile(name)
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: Self.maximumSmallFileLength + 1) ?? Data()
        } catch {
            throw VerificationFailure("\(name): read failed: \(error.localizedDescription)")
        }
        guard data.count <= Self.maximumSmallFileLength else {
            throw VerificationFailure(
                "\(name): larger than \(Self.maximumSmallFileLength) bytes")
        }
        return data
    }

    private func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return "missing key \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\"\(path)\" has the wrong type"
        case DecodingError.dataCorrupted(let context):
            return "not valid JSON (\(context.debugDescription))"
        default:
            return "\(error)"
        }
    }
}
