import FapiaoAPI
import FapiaoAudit
import FapiaoClient
import Foundation

/// `fapiao audit list|export|verify|public-key`: the access log for auditors.
enum AuditCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "list": try list(&arguments, context: context)
        case "export": try export(&arguments, context: context)
        case "verify": try verify(&arguments, context: context)
        case "public-key": try publicKey(&arguments, context: context)
        default:
            throw UsageError(
                "unknown command 'audit \(action)': expected list, export, verify or public-key")
        }
    }

    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "audit list")
        var request = ListEntriesRequest()
        request.from = try OptionValues.time(arguments.take("from"), option: "from") ?? ""
        request.to = try OptionValues.time(arguments.take("to"), option: "to") ?? ""
        request.principalID = arguments.take("principal") ?? ""
        request.method = arguments.take("method") ?? ""
        request.resourceType = arguments.take("resource-type") ?? ""
        request.resourceID = arguments.take("resource-id") ?? ""
        request.outcome = arguments.take("outcome") ?? ""
        request.pageToken = arguments.take("page-token") ?? ""
        if let size = arguments.take("page-size") {
            guard let value = UInt32(size), (1...1000).contains(value) else {
                throw UsageError("invalid --page-size '\(size)': expected 1 to 1000")
            }
            request.pageSize = value
        }
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(
            MethodNames.listAccessLogEntries, request, as: ListEntriesResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        let rows = response.entries.map { entry in
            [
                String(entry.entryID), entry.time,
                entry.principalName.isEmpty ? "-" : entry.principalName,
                entry.method, entry.resourceID.isEmpty ? "-" : entry.resourceID,
                String(entry.statusCode),
                entry.sealSequence == 0 ? "pending" : String(entry.sealSequence),
            ]
        }
        print(
            TableFormatter.table(
                header: [
                    "ENTRY", "TIME", "PRINCIPAL", "METHOD", "RESOURCE", "STATUS", "SEALED AS",
                ],
                rows: rows))
        if !response.nextPageToken.isEmpty {
            print("next page: --page-token \(response.nextPageToken)")
        }
    }

    /// Streams the export into a bundle directory; memory stays flat because
    /// each record is written as it arrives.
    static func export(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "audit export")
        let from = try OptionValues.time(arguments.take("from"), option: "from") ?? ""
        let to = try OptionValues.time(arguments.take("to"), option: "to") ?? ""
        let formatText = arguments.take("format") ?? "jsonl"
        guard let format = AuditEntryFormat(rawValue: formatText) else {
            throw UsageError("invalid --format '\(formatText)': expected jsonl or csv")
        }
        guard let out = arguments.take("out") else {
            throw UsageError("audit export needs --out DIR")
        }
        try arguments.rejectUnknownOptions()
        let directory = URL(fileURLWithPath: out)
        // A failed export removes what it wrote, and only that: the
        // directory must be new or empty, and an existing one is kept.
        let fileManager = FileManager.default
        let existed = fileManager.fileExists(atPath: directory.path)
        if existed,
            !((try? fileManager.contentsOfDirectory(atPath: directory.path))?.isEmpty ?? false)
        {
            throw UsageError("--out \(out) is not an empty directory; choose a new or empty one")
        }
        let client = try context.connect()
        defer { client.close() }
        let key = try client.call(
            MethodNames.getPublicKey, GetPublicKeyRequest(), as: PublicKey.self)
        var writer: AuditBundleWriter?
        var tenantID = ""
        var digests = 0
        var entries = 0
        do {
            try client.serverStream(
                MethodNames.exportAccessLog, ExportAccessLogRequest(from: from, to: to),
                as: AccessLogExportRecord.self, timeout: context.streamTimeout
            ) { record in
                switch record.record {
                case .digest(let digest):
                    if writer == nil {
                        tenantID = digest.tenantID
                        writer = try AuditBundleWriter(
                            directory: directory, format: format, publicKeyPEM: key.pem,
                            keyID: key.keyID,
                            range: (from, to), tenantID: tenantID)
                    }
                    try writer?.append(digest: auditDigest(digest))
                    digests += 1
                case .entry(let entry):
                    try writer?.append(entry: auditEntry(entry))
                    entries += 1
                case nil:
                    break
                }
            }
            if writer == nil {
                writer = try AuditBundleWriter(
                    directory: directory, format: format, publicKeyPEM: key.pem, keyID: key.keyID,
                    range: (from, to), tenantID: tenantID)
            }
            try writer?.finish()
        } catch {
            if existed {
                for name in (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? [] {
                    try? fileManager.removeItem(at: directory.appendingPathComponent(name))
                }
            } else {
                try? fileManager.removeItem(at: directory)
            }
            throw error
        }
        if context.json {
            try printJSON(BundleSummary(entries: entries, digests: digests, directory: out))
        } else {
            print("exported \(counted(entries, "entry", "entries")) in \(counted(digests, "digest", "digests")) to \(out)")
        }
    }

    /// The `--json` output of `audit export` and `audit verify`.
    struct BundleSummary: Encodable {
        let entries: Int
        let digests: Int
        var directory: String?
        var verified: Bool?
        var failure: String?
    }

    /// Returns `count` with the singular or plural noun, such as "1 digest".
    static func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }

    static func verify(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let operands = try arguments.operands("DIR", of: "audit verify")
        let keyFile = arguments.take("public-key")
        try arguments.rejectUnknownOptions()
        var pem: String?
        if let keyFile {
            pem = try InputFile.text(of: keyFile, role: "the public key file")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: operands[0], isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            throw UsageError("'\(operands[0])' is not a bundle directory")
        }
        let report = AuditBundleVerifier.verify(
            directory: URL(fileURLWithPath: operands[0]), publicKeyPEM: pem)
        let entries = counted(report.entriesChecked, "entry", "entries")
        let digests = counted(report.digestsChecked, "digest", "digests")
        if context.json {
            try printJSON(
                BundleSummary(
                    entries: report.entriesChecked, digests: report.digestsChecked,
                    directory: operands[0], verified: report.ok, failure: report.failure))
        } else if report.ok {
            print("verified: \(entries) in \(digests)")
        }
        if report.ok { return }
        throw CheckFailure(
            "verification failed after \(entries) and \(digests): \(report.failure ?? "unknown failure")")
    }

    static func publicKey(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "audit public-key")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let key = try client.call(
            MethodNames.getPublicKey, GetPublicKeyRequest(), as: PublicKey.self)
        if context.json {
            try printJSON(key)
        } else {
            print("key id     \(key.keyID)  (\(key.algorithm))")
            print(key.pem, terminator: key.pem.hasSuffix("\n") ? "" : "\n")
        }
    }

    static func auditDigest(_ digest: AccessLogDigest) -> AuditDigest {
        AuditDigest(
            tenantID: digest.tenantID, digestSequence: digest.digestSequence,
            firstSealSequence: digest.firstSealSequence, lastSealSequence: digest.lastSealSequence,
            entriesHash: digest.entriesHash, previousDigestHash: digest.previousDigestHash,
            digestHash: digest.digestHash, signature: digest.signature, keyID: digest.keyID,
            createdAt: digest.createdAt)
    }

    static func auditEntry(_ entry: AccessLogEntry) -> AuditEntry {
        AuditEntry(
            tenantID: entry.tenantID, entryID: entry.entryID, sealSequence: entry.sealSequence,
            time: entry.time, principalID: entry.principalID, principalName: entry.principalName,
            credential: entry.credential, clientAddress: entry.clientAddress,
            requestID: entry.requestID,
            method: entry.method, resourceType: entry.resourceType, resourceID: entry.resourceID,
            statusCode: entry.statusCode, statusMessage: entry.statusMessage,
            changes: entry.changes,
            entryHash: entry.entryHash)
    }
}
