public import FapiaoAPI
import FapiaoAudit
import FapiaoRPC
import FapiaoStore
import Foundation

/// `fapiao.audit.v1.AccessLogService`: reading, exporting and verifying the
/// access log of the caller's tenant.
public struct AccessLogService: Sendable {
    static let defaultPageSize = 100
    static let maximumPageSize = 1000
    /// Digests considered per batch while exporting.
    static let digestBatch = 50
    /// Entries read per batch while exporting, unless one digest has more, so
    /// that the server's memory stays flat whatever the size of the log.
    static let entryBatch = 5000

    let sealer: AccessLogSealer?

    /// - Parameter sealer: seals pending entries before an export; nil only
    ///   where no call is served, as when the permission document is rendered.
    public init(sealer: AccessLogSealer?) {
        self.sealer = sealer
    }

    public var methods: [AnyServiceMethod] {
        [AnyServiceMethod(listEntries), AnyServiceMethod(export), AnyServiceMethod(getPublicKey)]
    }

    /// `ListEntries`: entries oldest first by entry id. Permission audit.read.
    public var listEntries: ServiceMethod<ListEntriesRequest, ListEntriesResponse> {
        ServiceMethod(
            path: MethodNames.listAccessLogEntries, permission: .auditRead,
            resourceType: "access_log"
        ) { context, request in
            let size =
                request.pageSize == 0 ? AccessLogService.defaultPageSize : Int(request.pageSize)
            guard size <= AccessLogService.maximumPageSize else {
                throw ValidationError(
                    field: "pageSize",
                    reason:
                        "\(request.pageSize) is above the maximum of \(AccessLogService.maximumPageSize)"
                )
            }
            var query = try AccessLogQuery(tenantID: context.principal.tenantID, request: request)
            if !request.pageToken.isEmpty {
                guard let data = Data(base64Encoded: request.pageToken),
                    let text = String(data: data, encoding: .utf8), text.hasPrefix("v1|"),
                    let after = Int64(text.dropFirst(3)), after >= 0
                else {
                    throw ValidationError(
                        field: "pageToken",
                        reason: "'\(request.pageToken.prefix(64))' is not a token from an earlier reply")
                }
                query.add({ "a.entry_id > \($0)::bigint" }, String(after))
            }
            return try context.transaction { connection in
                let rows = try connection.query(
                    """
                    SELECT \(AccessLogEntryRow.columns), coalesce(s.seal_sequence, 0) AS seal_sequence,
                        coalesce(s.entry_hash, '') AS entry_hash
                    FROM access_log a
                    LEFT JOIN access_log_seals s ON s.tenant_id = a.tenant_id AND s.entry_id = a.entry_id
                    WHERE \(query.conditions.joined(separator: " AND "))
                    ORDER BY a.entry_id LIMIT \(size + 1)
                    """, query.parameters)
                var entries: [FapiaoAPI.AccessLogEntry] = []
                for row in 0..<min(rows.rowCount, size) {
                    entries.append(AccessLogService.message(try AccessLogEntryRow.entry(rows, row)))
                }
                try context.recordSuccess(
                    on: connection, resourceType: "access_log", resourceID: nil)
                let next =
                    rows.rowCount > size
                    ? Data("v1|\(entries.last?.entryID ?? 0)".utf8).base64EncodedString() : ""
                return ListEntriesResponse(entries: entries, nextPageToken: next)
            }
        }
    }

    /// `Export`: every digest that covers an entry of the time range, each
    /// followed by all of its entries in seal order, so that the stream
    /// verifies on its own. Pending entries are sealed first. Permission
    /// audit.export.
    public var export: StreamingServiceMethod<ExportAccessLogRequest, AccessLogExportRecord> {
        StreamingServiceMethod(
            path: MethodNames.exportAccessLog, permission: .auditExport, resourceType: "access_log"
        ) { [sealer] context, request, send in
            guard let sealer else {
                throw RPCError(.unavailable, "the access log cannot be sealed on this server")
            }
            var violations: [ValidationError.Violation] = []
            for (field, value) in [("from", request.from), ("to", request.to)] where !value.isEmpty
            {
                if RFC3339Time.parse(value) == nil {
                    violations.append(
                        .init(field: field, reason: "'\(value.prefix(40))' is not an RFC 3339 time")
                    )
                }
            }
            if !violations.isEmpty { throw ValidationError(violations) }
            let tenantID = context.principal.tenantID
            // The export's own access-log entry is written at the end, so it
            // is sealed by a later pass and appears in a later export.
            try sealer.seal(for: context)
            let range = try context.transaction { connection in
                try connection.queryPrepared(
                    """
                    SELECT coalesce(min(s.digest_sequence), 0) AS first, coalesce(max(s.digest_sequence), 0) AS last
                    FROM access_log a
                    JOIN access_log_seals s ON s.tenant_id = a.tenant_id AND s.entry_id = a.entry_id
                    WHERE a.tenant_id = $1
                      AND ($2 = '' OR a.occurred_at >= $2::timestamptz)
                      AND ($3 = '' OR a.occurred_at < $3::timestamptz)
                    """, [tenantID, request.from, request.to])
            }
            let first = try range.int(row: 0, column: "first")
            let last = try range.int(row: 0, column: "last")
            var exported = 0
            var digest = first
            while first > 0 && digest <= last && !context.call.isCancelled {
                let (upper, batch) = try context.transaction { connection in
                    // The last digest that keeps the batch within entryBatch
                    // entries, or the first one alone when it has more.
                    let bound = try connection.queryPrepared(
                        """
                        SELECT coalesce(max(digest_sequence), $2::bigint) AS upper FROM (
                            SELECT digest_sequence, sum(last_seal_sequence - first_seal_sequence + 1)
                                OVER (ORDER BY digest_sequence) AS running
                            FROM access_log_digests
                            WHERE tenant_id = $1 AND digest_sequence BETWEEN $2 AND $3) d
                        WHERE running <= $4
                        """,
                        [
                            tenantID, String(digest),
                            String(min(last, digest + AccessLogService.digestBatch - 1)),
                            String(AccessLogService.entryBatch),
                        ])
                    let upper = try bound.int(row: 0, column: "upper")
                    return (
                        upper,
                        try AccessLogService.records(
                            tenantID: tenantID, digests: digest...upper, on: connection)
                    )
                }
                for record in batch { send(record) }
                exported += batch.count
                digest = upper + 1
            }
            try context.transaction { connection in
                try context.recordSuccess(
                    on: connection, resourceType: "access_log", resourceID: nil,
                    changes: [
                        "digests": .init(before: nil, after: first == 0 ? "0" : "\(first)-\(last)"),
                        "records": .init(before: nil, after: String(exported)),
                    ])
            }
        }
    }

    /// `GetPublicKey`: the key that verifies digest signatures. Permission
    /// audit.export, because an export bundle needs it.
    public var getPublicKey: ServiceMethod<GetPublicKeyRequest, PublicKey> {
        ServiceMethod(
            path: MethodNames.getPublicKey, permission: .auditExport, resourceType: "access_log"
        ) { [sealer] _, _ in
            guard let sealer else {
                throw RPCError(.unavailable, "no signing key is loaded on this server")
            }
            return PublicKey(
                keyID: sealer.signingKey.keyID, algorithm: "Ed25519",
                pem: sealer.signingKey.publicKeyPEM)
        }
    }

    static func records(
        tenantID: String, digests: ClosedRange<Int>, on connection: PostgresConnection
    ) throws
        -> [AccessLogExportRecord]
    {
        let digestRows = try connection.queryPrepared(
            """
            SELECT digest_sequence, first_seal_sequence, last_seal_sequence, entries_hash,
                previous_digest_hash, digest_hash, signature, key_id, created_at
            FROM access_log_digests
            WHERE tenant_id = $1 AND digest_sequence BETWEEN $2 AND $3 ORDER BY digest_sequence
            """, [tenantID, String(digests.lowerBound), String(digests.upperBound)])
        let entryRows = try connection.queryPrepared(
            """
            SELECT \(AccessLogEntryRow.columns), s.seal_sequence, s.entry_hash, s.digest_sequence
            FROM access_log_seals s
            JOIN access_log a ON a.tenant_id = s.tenant_id AND a.entry_id = s.entry_id
            WHERE s.tenant_id = $1 AND s.digest_sequence BETWEEN $2 AND $3 ORDER BY s.seal_sequence
            """, [tenantID, String(digests.lowerBound), String(digests.upperBound)])
        var records: [AccessLogExportRecord] = []
        var entryRow = 0
        for row in 0..<digestRows.rowCount {
            func text(_ name: String) -> String { digestRows[row, name] ?? "" }
            let sequence = try digestRows.int(row: row, column: "digest_sequence")
            records.append(
                AccessLogExportRecord(
                    record: .digest(
                        AccessLogDigest(
                            tenantID: tenantID, digestSequence: UInt64(sequence),
                            firstSealSequence: UInt64(
                                try digestRows.int(row: row, column: "first_seal_sequence")),
                            lastSealSequence: UInt64(
                                try digestRows.int(row: row, column: "last_seal_sequence")),
                            entriesHash: text("entries_hash"),
                            previousDigestHash: text("previous_digest_hash"),
                            digestHash: text("digest_hash"), signature: text("signature"),
                            keyID: text("key_id"), createdAt: text("created_at")))))
            while entryRow < entryRows.rowCount,
                try entryRows.int(row: entryRow, column: "digest_sequence") == sequence
            {
                records.append(
                    AccessLogExportRecord(
                        record: .entry(message(try AccessLogEntryRow.entry(entryRows, entryRow)))))
                entryRow += 1
            }
        }
        return records
    }

    static func message(_ entry: AuditEntry) -> FapiaoAPI.AccessLogEntry {
        FapiaoAPI.AccessLogEntry(
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
