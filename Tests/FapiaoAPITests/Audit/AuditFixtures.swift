import FapiaoAPI

/// Messages of the fapiao.audit.v1 package with every field set to a value
/// other than its default, Chinese text included.
enum AuditFixtures {
    static let tenantID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"

    static let entries = [
        AccessLogEntry(
            tenantID: tenantID, entryID: 9_007_199_254_740_993, sealSequence: 42,
            time: "2026-03-04T05:06:07.123456Z", principalID: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5d",
            principalName: "王芳", credential: "api_key:0011223344556677",
            clientAddress: "127.0.0.1:53412", requestID: "req-审计-0001",
            method: "/fapiao.invoice.v1.InvoiceService/IssueInvoice", resourceType: "invoice",
            resourceID: "0192f0c8-7a3b-7c00-8b2e-000000000001", statusCode: 7,
            statusMessage: "权限不足：需要 invoice.issue",
            changes: #"{"remarks":{"after":"已开票","before":"草稿"}}"#,
            entryHash: String(repeating: "a1", count: 32)),
        AccessLogEntry(
            tenantID: tenantID, entryID: 43, sealSequence: 43,
            time: "2026-03-04T05:06:08.000001Z", principalID: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5e",
            principalName: "开票服务", credential: "certificate:" + String(repeating: "ab", count: 32),
            clientAddress: "[::1]:40000", requestID: "req-0002",
            method: "/fapiao.invoice.v1.InvoiceService/GetInvoice", resourceType: "invoice",
            resourceID: "0192f0c8-7a3b-7c00-8b2e-000000000001", statusCode: 5,
            statusMessage: "未找到发票", changes: #"{"status":{"after":"已归档","before":null}}"#,
            entryHash: String(repeating: "b2", count: 32)),
    ]

    static let digest = AccessLogDigest(
        tenantID: tenantID, digestSequence: 3, firstSealSequence: 42,
        lastSealSequence: 18_446_744_073_709_551_615, entriesHash: String(repeating: "c3", count: 32),
        previousDigestHash: String(repeating: "d4", count: 32),
        digestHash: String(repeating: "e5", count: 32), signature: String(repeating: "f6", count: 64),
        keyID: "0123456789abcdef", createdAt: "2026-03-04T05:07:00.000000Z")

    static let listRequest = ListEntriesRequest(
        from: "2026-03-01T00:00:00+08:00", to: "2026-04-01T00:00:00+08:00",
        principalID: entries[0].principalID, method: entries[0].method, resourceType: "发票",
        resourceID: entries[0].resourceID, outcome: "PERMISSION_DENIED", pageSize: 1000,
        pageToken: "下一页-令牌")

    static let exportRequest = ExportAccessLogRequest(
        from: "2026-03-01T00:00:00Z", to: "2026-03-31T16:00:00Z")

    static let publicKey = PublicKey(
        keyID: "0123456789abcdef", algorithm: "Ed25519",
        pem: "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA审计公钥\n-----END PUBLIC KEY-----\n")
}
