import FapiaoAPI
public import FapiaoRPC
import FapiaoWire
import Synchronization

/// `grpc.health.v1.Health` with gRPC's semantics: the empty service name is
/// the whole server, an unknown name is NOT_FOUND for Check and
/// SERVICE_UNKNOWN for Watch.
///
/// Health calls need no credential and are not written to the access log,
/// because they touch no tenant data and load balancers send them often.
public final class HealthService: Sendable {
    private struct Watcher {
        let call: ServerCall
        let service: String
    }

    private struct State {
        var serving = true
        /// False while `DatabaseProbe` finds PostgreSQL unreachable.
        var databaseReachable = true
        var nextWatcherID = 0
        var watchers: [Int: Watcher] = [:]
    }

    private let services: Set<String>
    private let state = Mutex(State())

    /// - Parameter services: names that Check reports on, besides "".
    public init(services: Set<String>) {
        self.services = services.union([""])
    }

    /// Registers Check and Watch in `router`.
    public func register(in router: inout MethodRouter) {
        router.register(
            MethodDescriptor(path: MethodNames.healthCheck, kind: .unary), runsOnEventLoop: true
        ) { call in
            self.check(call)
        }
        router.register(MethodDescriptor(path: MethodNames.healthWatch, kind: .serverStreaming)) {
            call in
            self.watch(call)
        }
    }

    /// Marks the server as not serving, for example while it shuts down, and
    /// sends the new status to every watcher.
    public func setNotServing() {
        sendStatus(
            to: state.withLock { state -> [Watcher] in
                state.serving = false
                return Array(state.watchers.values)
            })
    }

    /// Records whether PostgreSQL responds. While it does not, the server
    /// reports NOT_SERVING; watchers receive each change.
    public func setDatabaseReachable(_ reachable: Bool) {
        sendStatus(
            to: state.withLock { state -> [Watcher] in
                guard state.databaseReachable != reachable else { return [] }
                state.databaseReachable = reachable
                return Array(state.watchers.values)
            })
    }

    /// Sends each of `watchers` the current status of its service.
    private func sendStatus(to watchers: [Watcher]) {
        for watcher in watchers {
            watcher.call.send(
                HealthCheckResponse(status: status(of: watcher.service)).protobufBytes(),
                waitForReader: false)
        }
    }

    /// Number of Watch calls open.
    public var watcherCount: Int { state.withLock { $0.watchers.count } }

    /// SERVING while the server accepts calls and `DatabaseProbe` last found
    /// PostgreSQL responding.
    private func status(of service: String) -> ServingStatus {
        guard services.contains(service) else { return .serviceUnknown }
        return state.withLock { $0.serving && $0.databaseReachable } ? .serving : .notServing
    }

    private func check(_ call: ServerCall) {
        do {
            let request = try HealthCheckRequest(protobufBytes: call.request)
            let status = status(of: request.service)
            guard status != .serviceUnknown else {
                throw RPCError(.notFound, "unknown service '\(request.service)'")
            }
            call.respond(HealthCheckResponse(status: status).protobufBytes())
        } catch {
            call.fail(error)
        }
    }

    private func watch(_ call: ServerCall) {
        let request: HealthCheckRequest
        do {
            request = try HealthCheckRequest(protobufBytes: call.request)
        } catch {
            call.fail(error)
            return
        }
        let id = state.withLock { state -> Int in
            state.nextWatcherID += 1
            state.watchers[state.nextWatcherID] = Watcher(call: call, service: request.service)
            return state.nextWatcherID
        }
        call.onCancel { [self] in
            _ = state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        call.send(HealthCheckResponse(status: status(of: request.service)).protobufBytes(), waitForReader: false)
    }
}
