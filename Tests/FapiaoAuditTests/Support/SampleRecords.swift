@testable import FapiaoAudit

/// Entries and digests for tests, sealed with a real key.
enum SampleRecords {
    /// Returns an entry with hard cases in its text fields: commas, quotes,
    /// backslashes, line breaks and Chinese text.
    static func entry(tenantID: String = "tenant-a", sealSequence: UInt64, entryID: UInt64)
        -> AuditEntry
    {
        var entry = AuditEntry(
            tenantID: tenantID, entryID: entryID, sealSequence: sealSequence,
            time: "2026-12-04T08:01:02.\(zeroPadded(sealSequence % 1_000_000))Z",
            principalID: "principal-\(sealSequence % 7)", principalName: "张三, \"财务\"",
            credential: "api_key:k\(sealSequence % 3)", clientAddress: "[::1]:51234",
            requestID: "request-\(entryID)", method: "/fapiao.invoice.v1.InvoiceService/Issue",
            resourceType: "invoice", resourceID: "INV-\(entryID)",
            statusCode: UInt32(sealSequence % 3 == 0 ? 7 : 0),
            statusMessage: "line one\nline two\r\\ 发票",
            changes: #"{"amount":{"after":"100.00","before":null}}"#)
        entry.entryHash = entry.computeHashHex()
        return entry
    }

    /// Returns `digestCount` sealed digests of `entriesPerDigest` entries
    /// each, chained from the genesis hash, with each digest followed by its
    /// entries, in the order an export sends them. Entry ids skip every 10th
    /// number, as rolled-back insertions do.
    static func chain(
        key: SigningKey, tenantID: String = "tenant-a", digestCount: Int, entriesPerDigest: Int
    ) throws -> [(digest: AuditDigest, entries: [AuditEntry])] {
        var result: [(digest: AuditDigest, entries: [AuditEntry])] = []
        var previousHash = AuditDigest.genesisHash
        var sealSequence: UInt64 = 0
        for digestIndex in 1...digestCount {
            var entries: [AuditEntry] = []
            let hasher = EntriesHasher()
            for _ in 0..<entriesPerDigest {
                sealSequence += 1
                let entryID = sealSequence + sealSequence / 10
                let entry = entry(tenantID: tenantID, sealSequence: sealSequence, entryID: entryID)
                hasher.append(entry.computeHash())
                entries.append(entry)
            }
            var digest = AuditDigest(
                tenantID: tenantID, digestSequence: UInt64(digestIndex),
                firstSealSequence: entries[0].sealSequence,
                lastSealSequence: entries[entries.count - 1].sealSequence,
                entriesHash: Hex.encode(hasher.finish()), previousDigestHash: previousHash,
                keyID: key.keyID, createdAt: "2026-12-04T09:00:0\(digestIndex % 10).000000Z")
            try digest.seal(with: key)
            previousHash = digest.digestHash
            result.append((digest, entries))
        }
        return result
    }
}

/// Formats `value` with at least six digits, zero-padded.
func zeroPadded(_ value: UInt64) -> String {
    let digits = String(value)
    return String(repeating: "0", count: Swift.max(0, 6 - digits.count)) + digits
}
