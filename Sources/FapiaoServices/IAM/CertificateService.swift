public import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// `fapiao.iam.v1.CertificateService`: TLS client certificates bound to
/// principals, by SHA-256 fingerprint. Permission key.manage.
public struct CertificateService: Sendable {
    static let columns = """
        fingerprint, principal_id, \
        \(SQLTime.rfc3339("created_at")) AS created_at
        """

    public init() {}

    /// Every method of the service.
    public var methods: [AnyServiceMethod] {
        [
            AnyServiceMethod(bindCertificate), AnyServiceMethod(listCertificates),
            AnyServiceMethod(unbindCertificate),
        ]
    }

    /// `BindCertificate`: calls that present this certificate and no API key
    /// act as the principal.
    ///
    /// The call must itself present the certificate as its TLS client
    /// certificate, which proves possession of its private key: a fingerprint
    /// is public, and binding one without the key would let a tenant claim
    /// another tenant's certificate. An empty `fingerprint` means that one.
    public var bindCertificate: ServiceMethod<BindCertificateRequest, Certificate> {
        ServiceMethod(
            path: MethodNames.bindCertificate, permission: .keyManage, resourceType: "certificate"
        ) { context, request in
            let principalID = try Identifier.uuid(request.principalID, field: "principalId")
            let requested =
                request.fingerprint.isEmpty ? nil : try CertificateService.normalize(request.fingerprint)
            let tenantID = context.principal.tenantID
            return try context.transaction { connection in
                _ = try PrincipalStore.load(principalID, tenantID: tenantID, on: connection)
                guard let presented = context.call.peerCertificateFingerprint?.lowercased() else {
                    throw RPCError(
                        .failedPrecondition,
                        "binding a certificate needs proof of possession: call BindCertificate on a"
                            + " connection that presents that certificate as its TLS client certificate")
                }
                let fingerprint = requested ?? presented
                guard fingerprint == presented else {
                    throw RPCError(
                        .failedPrecondition,
                        "certificate \(fingerprint) is not the TLS client certificate of this call"
                            + " (\(presented)); present the certificate being bound")
                }
                let rows: PostgresResult
                do {
                    rows = try connection.queryPrepared(
                        """
                        INSERT INTO client_certificates (tenant_id, fingerprint, principal_id)
                        VALUES ($1, $2, $3) RETURNING \(CertificateService.columns)
                        """, [tenantID, fingerprint, principalID])
                } catch let error as PostgresError where error.isUniqueViolation {
                    throw RPCError(
                        .alreadyExists, "certificate \(fingerprint) is already bound", cause: error)
                }
                try context.recordSuccess(
                    on: connection, resourceType: "certificate", resourceID: fingerprint,
                    changes: ["principal_id": .init(before: nil, after: principalID)])
                return try CertificateService.certificate(rows, 0)
            }
        }
    }

    /// `ListCertificates`: every bound certificate of the tenant.
    public var listCertificates: ServiceMethod<ListCertificatesRequest, ListCertificatesResponse> {
        ServiceMethod(
            path: MethodNames.listCertificates, permission: .keyManage, resourceType: "certificate"
        ) { context, _ in
            try context.transaction { connection in
                let rows = try connection.queryPrepared(
                    "SELECT \(CertificateService.columns) FROM client_certificates WHERE tenant_id = $1 ORDER BY client_certificates.created_at, fingerprint",
                    [context.principal.tenantID])
                try context.recordSuccess(
                    on: connection, resourceType: "certificate", resourceID: nil)
                return ListCertificatesResponse(
                    certificates: try (0..<rows.rowCount).map {
                        try CertificateService.certificate(rows, $0)
                    })
            }
        }
    }

    /// `UnbindCertificate`: the certificate no longer authenticates anyone.
    public var unbindCertificate: ServiceMethod<UnbindCertificateRequest, Certificate> {
        ServiceMethod(
            path: MethodNames.unbindCertificate, permission: .keyManage, resourceType: "certificate"
        ) { context, request in
            let fingerprint = try CertificateService.normalize(request.fingerprint)
            return try context.transaction { connection in
                let rows = try connection.queryPrepared(
                    "DELETE FROM client_certificates WHERE tenant_id = $1 AND fingerprint = $2 RETURNING \(CertificateService.columns)",
                    [context.principal.tenantID, fingerprint])
                guard rows.rowCount == 1 else {
                    throw RPCError(.notFound, "certificate \(fingerprint) not found")
                }
                let certificate = try CertificateService.certificate(rows, 0)
                try context.recordSuccess(
                    on: connection, resourceType: "certificate", resourceID: fingerprint,
                    changes: ["principal_id": .init(before: certificate.principalID, after: nil)])
                return certificate
            }
        }
    }

    /// Accepts hex with or without ':' separators, in either case.
    static func normalize(_ fingerprint: String) throws -> String {
        let hex = fingerprint.replacingOccurrences(of: ":", with: "").lowercased()
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else {
            throw ValidationError(
                field: "fingerprint",
                reason: "'\(fingerprint.prefix(100))' is not a SHA-256 fingerprint (64 hex digits)")
        }
        return hex
    }

    static func certificate(_ rows: PostgresResult, _ row: Int) throws -> Certificate {
        Certificate(
            fingerprint: try rows.string(row: row, column: "fingerprint"),
            principalID: try rows.string(row: row, column: "principal_id"),
            createdAt: try rows.string(row: row, column: "created_at"))
    }
}
