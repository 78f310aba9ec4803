import FapiaoAPI

/// Messages of the fapiao.iam.v1 package with every field set to a value
/// other than its default, Chinese text included.
enum IAMFixtures {
    static let tenantID = "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"

    static let principals = [
        Principal(
            id: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5d", tenantID: tenantID, name: "王芳",
            kind: .person, roles: ["issuer", "viewer", "财务审核"], disabled: true,
            createdAt: "2026-01-02T03:04:05.000006Z"),
        Principal(
            id: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5e", tenantID: tenantID, name: "开票服务",
            kind: .service, roles: ["issuer"], createdAt: "2026-01-03T00:00:00.000000Z"),
        Principal(
            id: "0192f0c8-7a3b-7c00-8b2e-4f1d2a3b4c5f", tenantID: tenantID, name: "operator",
            kind: .operator),
    ]

    static let apiKeys = [
        ApiKey(
            keyID: "0011223344556677", principalID: principals[0].id,
            createdAt: "2026-01-02T03:04:05.000006Z", expiresAt: "2027-01-01T00:00:00Z",
            revokedAt: "2026-06-01T12:00:00.000000Z"),
        ApiKey(
            keyID: "8899aabbccddeeff", principalID: principals[1].id,
            createdAt: "2026-01-03T00:00:00.000000Z"),
        ApiKey(keyID: "0123456789abcdef", principalID: principals[1].id, expiresAt: "2026-12-31T23:59:59Z"),
    ]

    static let certificates = [
        Certificate(
            fingerprint: String(repeating: "ab", count: 32), principalID: principals[1].id,
            createdAt: "2026-01-04T00:00:00.000000Z"),
        Certificate(fingerprint: String(repeating: "0f", count: 32), principalID: principals[0].id),
    ]

    static let roles = [
        Role(name: "issuer", permissions: ["invoice.issue", "invoice.read"], builtIn: true),
        Role(name: "财务审核", permissions: ["invoice.read", "invoice.reverse", "审计.查看"]),
        Role(name: "empty_role"),
    ]
}
