public import FapiaoRPC
public import FapiaoStore
import Synchronization

/// What a service handler gets besides its request: the authenticated
/// principal, the call and the database.
public final class CallContext: Sendable {
    public let principal: Principal
    public let call: ServerCall
    public let database: Database
    private let recorded = Atomic<Bool>(false)

    init(principal: Principal, call: ServerCall, database: Database) {
        self.principal = principal
        self.call = call
        self.database = database
    }

    /// Runs `body` in one transaction of the principal's tenant (see
    /// `Database.transaction(tenant:for:_:)`).
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try database.transaction(tenant: principal.tenantID, for: call, body)
    }

    /// Writes the access-log entry of the call's success on `connection`, so
    /// that it commits with the change it describes. Call it once, inside the
    /// transaction that does the work.
    public func recordSuccess(
        on connection: PostgresConnection, resourceType: String, resourceID: String?,
        changes: [String: AccessLogEntry.FieldChange]? = nil
    ) throws {
        var entry = entry(statusCode: 0, statusMessage: "")
        entry.resourceType = resourceType
        entry.resourceID = resourceID
        entry.changes = changes
        try AccessLogWriter.insert(entry, on: connection)
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
