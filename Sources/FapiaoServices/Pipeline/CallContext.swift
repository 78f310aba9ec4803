import FapiaoLogging
public import FapiaoRPC
public import FapiaoStore
import Synchronization

/// What a service handler gets besides its request: the authenticated
/// principal, the call and the database.
public final class CallContext: Sendable {
    public let principal: Principal
    public let call: ServerCall
    public let database: Database
    let session: CallSession
    let logger: Logger
    private let recorded = Atomic<Bool>(false)

    init(
        principal: Principal, call: ServerCall, database: Database, session: CallSession,
        logger: Logger
    ) {
        self.principal = principal
        self.call = call
        self.database = database
        self.session = session
        self.logger = logger
    }

    /// Runs `body` in one transaction of the principal's tenant on the call's
    /// connection. The first one continues the transaction that
    /// authentication opened (see `CallSession`).
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try session.transaction(tenant: principal.tenantID, body)
    }

    /// Marks the call's success entry as written, for a statement that
    /// inserts it together with the change it describes.
    func markSuccessRecorded() {
        recorded.store(true, ordering: .relaxed)
    }

    /// Writes the access-log entry of the call's success on `connection`, so
    /// that it commits with the change it describes. Call it once, inside the
    /// transaction that does the work.
    ///
    /// With `committing`, COMMIT travels with the insert
    /// (`PostgresConnection.queryPreparedCommitting(_:_:)`), so it must be the
    /// transaction's last statement.
    public func recordSuccess(
        on connection: PostgresConnection, resourceType: String, resourceID: String?,
        changes: [String: AccessLogEntry.FieldChange]? = nil, committing: Bool = false
    ) throws {
        var entry = entry(statusCode: 0, statusMessage: "")
        entry.resourceType = resourceType
        entry.resourceID = resourceID
        entry.changes = changes
        try AccessLogWriter.insert(entry, committing: committing, on: connection)
        recorded.store(true, ordering: .relaxed)
    }

    var hasRecordedSuccess: Bool { recorded.load(ordering: .relaxed) }

    func entry(statusCode: UInt32, statusMessage: String) -> AccessLogEntry {
        AccessLogEntry(
            tenantID: principal.tenantID, principalID: principal.principalID,
            principalName: principal.name, credential: principal.credential,
            clientAddress: call.remoteAddress, requestID: call.requestID,
            method: call.method.path, resourceType: nil, resourceID: nil,
            statusCode: statusCode, statusMessage: statusMessage, changes: nil)
    }
}
