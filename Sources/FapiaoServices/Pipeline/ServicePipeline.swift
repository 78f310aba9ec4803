import FapiaoAPI
public import FapiaoLogging
public import FapiaoRPC
import FapiaoWire
import Foundation
import Synchronization

/// Runs every business call through the same steps, in this order:
/// authenticate, admit the call under the tenant's limits, check the
/// method's permission, decode the request, run the handler, and make sure
/// the call has its access-log entry.
///
/// This is the one place where permissions are checked. A failure at any
/// step ends the call with its status and writes an access-log entry that
/// records the failure, in a transaction of its own. Calls rejected by a
/// tenant's limits are counted and logged as one entry per tenant every few
/// seconds, so that a flood does not turn into a flood of writes.
public final class ServicePipeline: Sendable {
    let database: Database
    let logger: Logger
    let limiter: TenantLimiter
    private let authenticator = Authenticator()
    /// Entries per second written for calls without a valid credential. The
    /// rest are counted and written as one entry per flush, so that a flood
    /// of bad keys cannot fill the disk.
    static let unauthenticatedEntriesPerSecond = 20
    private let unauthenticatedLog = Mutex<
        (tokens: Double, refilledAt: ContinuousClock.Instant, dropped: Int)
    >(
        (Double(ServicePipeline.unauthenticatedEntriesPerSecond * 5), .now, 0))

    public init(database: Database, logger: Logger, limiter: TenantLimiter = TenantLimiter()) {
        self.database = database
        self.logger = logger
        self.limiter = limiter
    }

    /// Adds `method` to `router`.
    public func register<Request, Response>(
        _ method: ServiceMethod<Request, Response>, in router: inout MethodRouter
    ) {
        router.register(method.descriptor) { [self] call in
            self.run(method, call)
        }
    }

    /// Adds the server-streaming `method` to `router`.
    public func register<Request, Response>(
        _ method: StreamingServiceMethod<Request, Response>, in router: inout MethodRouter
    ) {
        router.register(method.descriptor) { [self] call in
            self.runStreaming(method, call)
        }
    }

    private func run<Request, Response>(
        _ method: ServiceMethod<Request, Response>, _ call: ServerCall
    ) {
        admit(
            call, permission: method.permission, resourceType: method.resourceType,
            prefetch: method.prefetch
        ) { context in
            let request = try Request(protobufBytes: call.request)
            let response = try method.handler(context, request)
            try recordIfMissing(context, resourceType: method.resourceType)
            call.respond(response.protobufBytes())
        }
    }

    private func runStreaming<Request, Response>(
        _ method: StreamingServiceMethod<Request, Response>, _ call: ServerCall
    ) {
        admit(call, permission: method.permission, resourceType: method.resourceType) { context in
            let request = try Request(protobufBytes: call.request)
            try method.handler(context, request) { response in
                call.send(response.protobufBytes())
            }
            try recordIfMissing(context, resourceType: method.resourceType)
            call.finish(.ok)
        }
    }

    private func recordIfMissing(_ context: CallContext, resourceType: String) throws {
        guard !context.hasRecordedSuccess else { return }
        try context.transaction { connection in
            try context.recordSuccess(on: connection, resourceType: resourceType, resourceID: nil)
        }
    }

    /// Authenticates the call, admits it under the tenant's limits and checks
    /// `permission`, then runs `body`. Every failure ends the call and is
    /// recorded in the access log. All of it runs on one pooled connection.
    private func admit(
        _ call: ServerCall, permission: Permission, resourceType: String,
        prefetch: (@Sendable (ServerCall, String) -> CallSession.Prefetch?)? = nil,
        _ body: (CallContext) throws -> Void
    ) {
        do {
            try database.withSession(for: call) { session in
                admit(
                    call, session: session, permission: permission, resourceType: resourceType,
                    prefetch: prefetch, body)
            }
        } catch {
            call.fail(error)
        }
    }

    private func admit(
        _ call: ServerCall, session: CallSession, permission: Permission, resourceType: String,
        prefetch: (@Sendable (ServerCall, String) -> CallSession.Prefetch?)?,
        _ body: (CallContext) throws -> Void
    ) {
        let principal: Principal
        do {
            principal = try authenticator.authenticate(call, session: session, prefetch: prefetch)
        } catch let failure as Authenticator.Failure {
            session.rollBack()
            if case .tenantSuspended(let principal) = failure {
                let context = CallContext(
                    principal: principal, call: call, database: database, session: session,
                    logger: logger)
                finish(call, context: context, resourceType: resourceType, error: failure.rpcError)
            } else {
                recordUnauthenticated(
                    call, session: session, credential: failure.presentedCredential,
                    error: failure.rpcError
                ) { call.fail(failure) }
            }
            return
        } catch {
            session.rollBack()
            call.fail(error)
            return
        }

        do {
            try limiter.admit(principal.tenantID, limits: principal.limits)
        } catch {
            session.rollBack()
            call.fail(ServicePipeline.limitError(error))
            return
        }
        defer { limiter.release(principal.tenantID) }

        let context = CallContext(
            principal: principal, call: call, database: database, session: session,
            logger: logger)
        guard principal.permissions.contains(permission) else {
            session.rollBack()
            let roles =
                principal.roles.isEmpty
                ? "no role" : "roles " + principal.roles.joined(separator: ", ")
            let denial = RPCError(
                .permissionDenied,
                "permission \(permission.rawValue) is required for \(call.method.path);"
                    + " the caller has \(roles)")
            finish(call, context: context, resourceType: resourceType, error: denial)
            return
        }

        do {
            try body(context)
        } catch {
            session.rollBack()
            finish(call, context: context, resourceType: resourceType, error: RPCError.from(error))
        }
    }

    static func limitError(_ rejection: TenantLimiter.Rejection) -> RPCError {
        var trailers = Metadata()
        switch rejection {
        case .rateLimited(let retryAfter):
            let seconds = max(
                1,
                Int(
                    (Double(retryAfter.components.seconds)
                        + Double(retryAfter.components.attoseconds) / 1e18).rounded(.up)))
            trailers.add(Metadata.Key.retryAfter, String(seconds))
            return RPCError(
                .resourceExhausted,
                "the tenant's rate limit is exceeded; retry after \(seconds) s", trailers: trailers)
        case .tooManyConcurrentCalls(let maximum):
            trailers.add(Metadata.Key.retryAfter, "1")
            return RPCError(
                .resourceExhausted,
                "the tenant already has \(maximum) calls running, its maximum; retry after 1 s",
                trailers: trailers)
        }
    }

    /// Writes one access-log entry per tenant for the calls its limits
    /// rejected since the last flush. The server calls it every few seconds.
    public func flushRejectionCounts() {
        let dropped = unauthenticatedLog.withLock { state -> Int in
            defer { state.dropped = 0 }
            return state.dropped
        }
        if dropped > 0 {
            let entry = AccessLogEntry(
                tenantID: Database.platformTenantID, principalID: nil, principalName: nil,
                credential: nil,
                clientAddress: "", requestID: UUID().uuidString.lowercased(), method: "",
                resourceType: nil, resourceID: nil, statusCode: StatusCode.unauthenticated.rawValue,
                statusMessage:
                    "\(dropped) calls without a valid credential were not logged one by one",
                changes: nil)
            write(entry, requestID: entry.requestID)
        }
        for (tenantID, count) in limiter.takeRejectionCounts() {
            let entry = AccessLogEntry(
                tenantID: tenantID, principalID: nil, principalName: nil, credential: nil,
                clientAddress: "", requestID: UUID().uuidString.lowercased(), method: "",
                resourceType: "tenant", resourceID: tenantID,
                statusCode: StatusCode.resourceExhausted.rawValue,
                statusMessage: "\(count) calls rejected by the tenant's rate or concurrency limit",
                changes: nil)
            write(entry, requestID: entry.requestID)
        }
    }

    /// Ends a failed call after recording the failure in the access log.
    private func finish(
        _ call: ServerCall, context: CallContext, resourceType: String, error: RPCError
    ) {
        var entry = context.entry(statusCode: error.code.rawValue, statusMessage: error.message)
        entry.resourceType = resourceType
        write(entry, requestID: call.requestID, session: context.session) { call.fail(error) }
    }

    /// Writes the entry of a call without a valid credential, within the
    /// rate of `unauthenticatedEntriesPerSecond`, then runs `then`.
    private func recordUnauthenticated(
        _ call: ServerCall, session: CallSession, credential: String?, error: RPCError,
        then: @escaping () -> Void
    ) {
        let admitted = unauthenticatedLog.withLock { state -> Bool in
            let now = ContinuousClock.now
            let elapsed = state.refilledAt.duration(to: now)
            let rate = Double(ServicePipeline.unauthenticatedEntriesPerSecond)
            state.tokens = min(
                rate * 5,
                state.tokens
                    + (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds)
                        / 1e18) * rate)
            state.refilledAt = now
            guard state.tokens >= 1 else {
                state.dropped += 1
                return false
            }
            state.tokens -= 1
            return true
        }
        guard admitted else {
            then()
            return
        }
        let entry = AccessLogEntry(
            tenantID: Database.platformTenantID, principalID: nil, principalName: nil,
            credential: credential, clientAddress: call.remoteAddress,
            requestID: call.requestID, method: call.method.path, resourceType: nil,
            resourceID: nil, statusCode: error.code.rawValue, statusMessage: error.message,
            changes: nil)
        write(entry, requestID: call.requestID, session: session, then: then)
    }

    /// Writes `entry` in a transaction of its own on the call's connection,
    /// then runs `then`. When that connection is broken, both run after the
    /// session has returned it, on a pooled connection. The failure of a lost
    /// connection is then still recorded, and no call uses two connections.
    private func write(
        _ entry: AccessLogEntry, requestID: String, session: CallSession,
        then: @escaping () -> Void
    ) {
        if session.connection.isHealthy {
            do {
                _ = try session.transaction(tenant: entry.tenantID, boundedByDeadline: false) {
                    connection in
                    try AccessLogWriter.insert(entry, on: connection)
                }
                then()
                return
            } catch  where session.connection.isHealthy {
                logWriteFailure(entry, requestID: requestID, error: error)
                then()
                return
            } catch {
                // The connection broke during the write: retried below.
            }
        }
        session.afterRelease { [self] in
            write(entry, requestID: requestID)
            then()
        }
    }

    /// Writes `entry` in a transaction of its own on a pooled connection.
    private func write(_ entry: AccessLogEntry, requestID: String) {
        do {
            _ = try database.transaction(tenant: entry.tenantID, for: nil) { connection in
                try AccessLogWriter.insert(entry, on: connection)
            }
        } catch {
            logWriteFailure(entry, requestID: requestID, error: error)
        }
    }

    private func logWriteFailure(_ entry: AccessLogEntry, requestID: String, error: any Error) {
        logger.error(
            "access_log_write_failed",
            [
                "method": .string(entry.method), "request_id": .string(requestID),
                "tenant_id": .string(entry.tenantID),
                "error": .string(String(describing: error)),
            ])
    }
}
