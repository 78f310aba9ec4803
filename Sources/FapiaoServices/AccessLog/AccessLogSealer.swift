public import FapiaoAudit
public import FapiaoLogging
import FapiaoConcurrency
import FapiaoStore
import Foundation
import Synchronization

/// Seals committed access-log entries into signed digests, per tenant.
///
/// For each tenant, a pass takes the entries that are visible and not sealed
/// yet, in entry id order; visible means their transactions committed. It
/// gives them the next positions of the tenant's sealed sequence and writes
/// one digest over them, chained to the previous digest, in one transaction.
/// An entry whose transaction commits after a pass is sealed by a later one.
/// Writers take no lock for this; a per-tenant advisory lock keeps two
/// sealers (of two servers) from sealing one tenant at once.
///
/// Thread-safe; `start` runs passes on a background thread.
public final class AccessLogSealer: Sendable {
    /// Most entries one digest covers.
    static let batchLimit = 5000
    /// Entries older than this are looked at only by full passes, because
    /// transactions of the server last seconds. A window pass starts at the
    /// window's first entry and reads the entries after it again.
    static let recentWindow = "2 minutes"
    /// Passes between two full passes, which look at the whole log of every tenant.
    static let fullPassInterval = 300
    /// Time from the start of one window pass, which starts at the first
    /// entry of `recentWindow`, to the next. It is half the window, so an
    /// entry whose transaction commits within a minute of its insert is
    /// inside the window at some window pass, however slow passes are. The
    /// passes between start at a tenant's mark.
    static let windowPassInterval = Duration.seconds(60)

    /// The range of entries that a pass of one tenant looks at.
    public enum Scope: Sendable {
        /// The whole log.
        case all
        /// From the first entry of `recentWindow` on.
        case recentWindow
        /// After the tenant's newest mark that was at least `markAge` old
        /// when its previous pass started, or as `recentWindow` without one.
        case sinceMark
    }

    /// The highest entry id that a pass of a tenant had seen, and when the
    /// pass ended.
    private struct Mark {
        let entryID: Int
        let time: ContinuousClock.Instant
    }

    /// The marks of one tenant, oldest first, and when its last pass that
    /// was not skipped started.
    private struct TenantMarks {
        var marks: [Mark] = []
        var lastPassStart: ContinuousClock.Instant?
    }

    let database: Database
    let signingKey: SigningKey
    let logger: Logger
    /// Age that a mark must have had when the tenant's previous pass
    /// started, for a regular pass to start at it.
    ///
    /// A mark is the highest entry id that a pass had seen. Entry ids come
    /// from an identity column without a cache, so an entry with a lower id
    /// got its id before that pass ended. If its transaction committed
    /// within this age, the previous pass saw it and sealed it. Entries of
    /// longer transactions are left to a window pass or a full pass.
    let markAge: Duration
    private let state = Mutex<(stopping: Bool, passes: Int)>((false, 0))
    /// Marks per tenant: the newest one that a regular pass can start at and
    /// the ones after it.
    private let marks = SleepingLock<[String: TenantMarks]>([:])

    public init(
        database: Database, signingKey: SigningKey, logger: Logger,
        markAge: Duration = .seconds(10)
    ) {
        self.database = database
        self.signingKey = signingKey
        self.logger = logger
        self.markAge = markAge
    }

    /// Runs a pass every `interval` on a background thread until `stop()`.
    /// The first pass looks at the whole log.
    public func start(interval: Duration) {
        let seconds =
            Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            var lastWindowPass = ContinuousClock.now
            while !state.withLock({ $0.stopping }) {
                let passes = state.withLock { state -> Int in
                    state.passes += 1
                    return state.passes
                }
                let now = ContinuousClock.now
                let scope: Scope
                if passes % AccessLogSealer.fullPassInterval == 1 {
                    scope = .all
                    lastWindowPass = now
                } else if now - lastWindowPass >= AccessLogSealer.windowPassInterval {
                    scope = .recentWindow
                    lastWindowPass = now
                } else {
                    scope = .sinceMark
                }
                sealAll(scope: scope)
                Thread.sleep(forTimeInterval: seconds)
            }
        }
        thread.name = "fapiao-access-log-sealer"
        thread.start()
    }

    public func stop() {
        state.withLock { $0.stopping = true }
    }

    /// Seals the pending entries of every tenant within `scope` and returns
    /// the number sealed.
    ///
    /// NOTE: a pass runs one query per tenant, also for tenants with nothing
    /// pending, so its cost grows with the number of tenants.
    @discardableResult
    public func sealAll(scope: Scope = .all) -> Int {
        do {
            let tenants = try database.transaction(tenant: Database.platformTenantID, for: nil) {
                connection in
                try connection.queryPrepared("SELECT tenant_id FROM tenants ORDER BY tenant_id")
            }
            var sealed = 0
            for row in 0..<tenants.rowCount where !state.withLock({ $0.stopping }) {
                let tenantID = try tenants.string(row: row, column: "tenant_id")
                sealed += try seal(tenantID: tenantID, scope: scope)
            }
            return sealed
        } catch {
            logger.error("access_log_seal_failed", ["error": .string(String(describing: error))])
            return 0
        }
    }

    /// Seals the pending entries of one tenant within `scope` in digests of
    /// at most `batchLimit` entries on pooled connections, and returns the
    /// number sealed. A tenant that another pass is sealing is skipped.
    ///
    /// - Throws: `PostgresError` or `AuditError` when a step fails; nothing
    ///   of the failed digest is written.
    @discardableResult
    public func seal(tenantID: String, scope: Scope = .all) throws -> Int {
        try seal(tenantID: tenantID, scope: scope, wait: false) { body in
            try database.transaction(tenant: tenantID, for: nil, body)
        }
    }

    /// Seals every pending entry of the tenant of `context` on the call's
    /// connection, for an export. It waits for a pass in progress, within
    /// the call's deadline, so that the export covers every committed entry.
    @discardableResult
    func seal(for context: CallContext) throws -> Int {
        try seal(tenantID: context.principal.tenantID, scope: .all, wait: true) { body in
            try context.transaction(body)
        }
    }

    /// Runs one batch's work in a transaction of the tenant.
    private typealias BatchTransaction = (
        (PostgresConnection) throws -> (sealed: Int, seenThrough: Int)?
    ) throws -> (sealed: Int, seenThrough: Int)?

    private func seal(
        tenantID: String, scope: Scope, wait: Bool, transaction: BatchTransaction
    ) throws -> Int {
        let started = ContinuousClock.now
        var total = 0
        // Each batch starts after the previous one's last entry, so a backlog
        // is read once. Entries below it that commit meanwhile are left to
        // the next pass.
        var after = 0
        switch scope {
        case .all:
            break
        case .sinceMark:
            if let mark = settledMark(of: tenantID) {
                after = mark
                break
            }
            fallthrough
        case .recentWindow:
            // The first entry of the window, found through the time index.
            let first = try database.transaction(tenant: tenantID, for: nil) { connection in
                try connection.queryPrepared(
                    """
                    SELECT min(entry_id) AS first FROM access_log
                    WHERE tenant_id = $1 AND occurred_at > now() - interval '\(AccessLogSealer.recentWindow)'
                    """, [tenantID])
            }
            guard let text = first[0, "first"], let entryID = Int(text) else { return 0 }
            after = entryID - 1
        }
        while true {
            let sealedBatch = try transaction { connection in
                try sealBatch(tenantID: tenantID, after: after, wait: wait, on: connection)
            }
            // A tenant that another pass is sealing is skipped, and this pass
            // leaves no mark.
            guard let batch = sealedBatch else { return total }
            total += batch.sealed
            after = batch.seenThrough
            // A large backlog is sealed batch by batch, and a stopping server
            // leaves the rest to its next start.
            if batch.sealed < AccessLogSealer.batchLimit || state.withLock({ $0.stopping }) {
                record(Mark(entryID: after, time: .now), passStart: started, of: tenantID)
                return total
            }
        }
    }

    /// Returns the entry id of the tenant's newest mark that was at least
    /// `markAge` old when its previous pass started, or nil when there is
    /// none.
    ///
    /// The age counts to the previous pass's start, not to now. When passes
    /// are further apart than `markAge`, a mark that was young at the last
    /// pass can be old now. An entry below it whose transaction committed
    /// after that pass was then seen by no pass yet.
    private func settledMark(of tenantID: String) -> Int? {
        marks.withLock { marks in
            guard let tenant = marks[tenantID], let previous = tenant.lastPassStart else {
                return nil
            }
            return tenant.marks.last { $0.time <= previous - markAge }?.entryID
        }
    }

    /// Adds `mark` of a pass that started at `passStart` to the tenant's
    /// marks, and drops the marks that the next pass will not start at.
    private func record(_ mark: Mark, passStart: ContinuousClock.Instant, of tenantID: String) {
        marks.withLock { marks in
            var tenant = marks[tenantID] ?? TenantMarks()
            // A pass that started below an older mark does not lower it.
            tenant.marks.append(
                Mark(entryID: max(mark.entryID, tenant.marks.last?.entryID ?? 0), time: mark.time))
            tenant.lastPassStart = passStart
            let settled = passStart - markAge
            if let newestSettled = tenant.marks.lastIndex(where: { $0.time <= settled }),
                newestSettled > 0
            {
                tenant.marks.removeFirst(newestSettled)
            }
            marks[tenantID] = tenant
        }
    }

    /// Seals up to `batchLimit` pending entries of the tenant after entry
    /// `after`. Returns their number and the entry id up to which every entry
    /// visible to this batch is sealed, or nil when another pass holds the
    /// tenant's lock and `wait` is false.
    private func sealBatch(
        tenantID: String, after: Int, wait: Bool, on connection: PostgresConnection
    ) throws
        -> (sealed: Int, seenThrough: Int)?
    {
        if wait {
            _ = try connection.queryPrepared(
                "SELECT pg_advisory_xact_lock(hashtextextended('fapiao-seal:' || $1, 0))",
                [tenantID])
        } else {
            let lock = try connection.queryPrepared(
                "SELECT pg_try_advisory_xact_lock(hashtextextended('fapiao-seal:' || $1, 0)) AS locked",
                [tenantID])
            guard lock[0, "locked"] == "t" else { return nil }
        }
        // The newest id is read before the entries. Every entry up to it that
        // the next statement can see is then either sealed or among its rows.
        let newest = try connection.queryPrepared(
            "SELECT coalesce(max(entry_id), 0) AS newest FROM access_log WHERE tenant_id = $1",
            [tenantID]
        ).int(row: 0, column: "newest")
        let rows = try connection.queryPrepared(
            """
            SELECT \(AccessLogEntryRow.columns)
            FROM access_log a
            WHERE a.tenant_id = $1 AND a.entry_id > $2
              AND NOT EXISTS (
                SELECT FROM access_log_seals s WHERE s.tenant_id = a.tenant_id AND s.entry_id = a.entry_id)
            ORDER BY a.entry_id LIMIT \(AccessLogSealer.batchLimit)
            """, [tenantID, String(after)])
        guard rows.rowCount > 0 else { return (0, max(after, newest)) }
        let last = try connection.queryPrepared(
            """
            SELECT digest_sequence, last_seal_sequence, digest_hash FROM access_log_digests
            WHERE tenant_id = $1 ORDER BY digest_sequence DESC LIMIT 1
            """, [tenantID])
        let previousSequence =
            last.rowCount == 1 ? try last.int(row: 0, column: "digest_sequence") : 0
        var previousSeal =
            last.rowCount == 1 ? try last.int(row: 0, column: "last_seal_sequence") : 0
        // Seals beyond the last digest exist only if someone wrote them
        // behind the server's back. Sealing goes on after them, so the
        // service keeps working, and verification reports the intruders.
        let highest = try connection.queryPrepared(
            "SELECT coalesce(max(seal_sequence), 0) AS highest FROM access_log_seals WHERE tenant_id = $1",
            [tenantID])
        let highestSeal = try highest.int(row: 0, column: "highest")
        if highestSeal > previousSeal {
            logger.error(
                "access_log_tampering_suspected",
                [
                    "tenant_id": .string(tenantID), "last_digest_seal": .int(previousSeal),
                    "highest_seal": .int(highestSeal),
                ])
            previousSeal = highestSeal
        }
        let previousHash =
            last.rowCount == 1
            ? try last.string(row: 0, column: "digest_hash") : AuditDigest.genesisHash

        var lastEntryID = after
        var entryIDs: [String] = []
        var sealSequences: [String] = []
        var hashes: [String] = []
        let hasher = EntriesHasher()
        for row in 0..<rows.rowCount {
            var entry = try AccessLogEntryRow.entry(rows, row)
            entry.sealSequence = UInt64(previousSeal + row + 1)
            let hash = entry.computeHash()
            hasher.append(hash)
            entryIDs.append(String(entry.entryID))
            lastEntryID = max(lastEntryID, Int(entry.entryID))
            sealSequences.append(String(entry.sealSequence))
            hashes.append(APIKey.hex(hash))
        }
        let digestSequence = previousSequence + 1
        var digest = AuditDigest(
            tenantID: tenantID, digestSequence: UInt64(digestSequence),
            firstSealSequence: UInt64(previousSeal + 1),
            lastSealSequence: UInt64(previousSeal + rows.rowCount),
            entriesHash: APIKey.hex(hasher.finish()), previousDigestHash: previousHash,
            digestHash: "", signature: "", keyID: signingKey.keyID,
            createdAt: AccessLogEntryRow.timestamp(Date()))
        let canonical = Array(digest.canonicalText.utf8)
        digest.digestHash = digest.computeHashHex()
        digest.signature = APIKey.hex(try signingKey.sign(canonical))
        _ = try connection.queryPrepared(
            """
            INSERT INTO access_log_digests (tenant_id, digest_sequence, first_seal_sequence,
                last_seal_sequence, entries_hash, previous_digest_hash, digest_hash, signature,
                key_id, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """,
            [
                tenantID, String(digestSequence), String(digest.firstSealSequence),
                String(digest.lastSealSequence), digest.entriesHash, digest.previousDigestHash,
                digest.digestHash, digest.signature, digest.keyID, digest.createdAt,
            ])
        _ = try connection.queryPrepared(
            """
            INSERT INTO access_log_seals (tenant_id, seal_sequence, entry_id, entry_hash, digest_sequence)
            SELECT $1, unnest($2::bigint[]), unnest($3::bigint[]), unnest($4::text[]), $5
            """,
            [
                tenantID, "{" + sealSequences.joined(separator: ",") + "}",
                "{" + entryIDs.joined(separator: ",") + "}",
                "{" + hashes.joined(separator: ",") + "}",
                String(digestSequence),
            ])
        // A full batch leaves entries after its last one to the next batch.
        let seen = rows.rowCount == AccessLogSealer.batchLimit ? lastEntryID : max(lastEntryID, newest)
        return (rows.rowCount, seen)
    }
}
