import FapiaoAPI
public import FapiaoLogging
public import FapiaoRPC
import FapiaoWire

/// Runs every business call through the same steps, in this order: decode
/// the request, authenticate, check the method's permission, run the
/// handler, and make sure the call has its access-log entry.
///
/// This is the one place where permissions are checked. A failure at any
/// step ends the call with its status and writes an access-log entry that
/// records the failure, in a transaction of its own.
public final class ServicePipeline: Sendable {
    let database: Database
    let logger: Logger
    private let authenticator = Authenticator()

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Adds `method` to `router`.
    public func register<Request, Response>(
        _ method: ServiceMethod<Request, Response>, in router: inout MethodRouter
    ) {
        router.register(method.descriptor) { [self] call in
            self.run(method, call)
        }
    }

    private func run<Request, Response>(_ method: ServiceMethod<Request, Response>, _ call: ServerCall) {
        let principal: Principal
        do {
            principal = try authenticator.authenticate(call.metadata, database: database, call: call)
        } catch let failure as Authenticator.Failure {
            if case .tenantSuspended(let principal) = failure {
                let context = CallContext(principal: principal, call: call, database: database)
                finish(call, context: context, method: method, error: failure.rpcError)
            } else {
                recordUnauthenticated(call, keyID: failure.presentedKeyID, error: failure.rpcError)
                call.fail(failure)
            }
            return
        } catch {
            call.fail(error)
            return
        }

        let context = CallContext(principal: principal, call: call, database: database)
        guard principal.role.permissions.contains(method.permission) else {
            let denial = RPCError(
                .permissionDenied,
                "permission \(method.permission.rawValue) is required for \(method.descriptor.path);"
                    + " role \(principal.role.rawValue) does not have it")
            finish(call, context: context, method: method, error: denial)
            return
        }

        do {
            let request = try Request(protobufBytes: call.request)
            let response = try method.handler(context, request)
            if !context.hasRecordedSuccess {
                try context.transaction { connection in
                    try context.recordSuccess(
                        on: connection, resourceType: method.resourceType, resourceID: nil)
                }
            }
            call.respond(response.protobufBytes())
        } catch {
            finish(call, context: context, method: method, error: RPCError.from(error))
        }
    }

    /// Ends a failed call after recording the failure in the access log.
    private func finish<Request, Response>(
        _ call: ServerCall, context: CallContext, method: ServiceMethod<Request, Response>,
        error: RPCError
    ) {
        var entry = context.entry(statusCode: error.code.rawValue, statusMessage: error.message)
        entry.resourceType = method.resourceType
        write(entry, call: call)
        call.fail(error)
    }

    private func recordUnauthenticated(_ call: ServerCall, keyID: String?, error: RPCError) {
        // NOTE: every unauthenticated call writes one row; a flood of bad
        // keys is not rate-limited yet.
        let entry = AccessLogEntry(
            tenantID: AccessLogWriter.platformTenantID, principalID: nil, principalName: nil,
            credential: keyID.map { "api_key:\($0)" }, clientAddress: call.remoteAddress,
            requestID: call.requestID, method: call.method.path, resourceType: nil,
            resourceID: nil, statusCode: error.code.rawValue, statusMessage: error.message,
            changes: nil)
        write(entry, call: call)
    }

    private func write(_ entry: AccessLogEntry, call: ServerCall) {
        do {
            _ = try database.transaction(for: nil) { connection in
                try AccessLogWriter.insert(entry, on: connection)
            }
        } catch {
            logger.error(
                "access_log_write_failed",
                [
                    "method": .string(entry.method), "request_id": .string(entry.requestID),
                    "tenant_id": .string(entry.tenantID), "error": .string(String(describing: error)),
                ])
        }
    }
}
