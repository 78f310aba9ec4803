/// Handler of one method. It runs on a worker thread, may block (for
/// example on the database), and must end the call with `ServerCall.finish`
/// or `ServerCall.fail`, now or later from any thread.
public typealias CallHandler = @Sendable (ServerCall) -> Void

/// The table of methods and their handlers. Built before the server starts
/// and read-only afterwards.
public struct MethodRouter: Sendable {
    struct Route: Sendable {
        let descriptor: MethodDescriptor
        let handler: CallHandler
        /// Whether the handler runs on the connection's event loop instead of
        /// a worker thread.
        let runsOnEventLoop: Bool
    }

    private var routes: [String: Route] = [:]

    public init() {}

    /// Adds a method; registering the same path twice is a programming error.
    ///
    /// - Parameter runsOnEventLoop: true only for a handler that never blocks
    ///   and finishes quickly (the health check): it then runs on the
    ///   connection's event loop and saves two thread hops per call.
    public mutating func register(
        _ descriptor: MethodDescriptor, runsOnEventLoop: Bool = false, handler: @escaping CallHandler
    ) {
        precondition(routes[descriptor.path] == nil, "method \(descriptor.path) registered twice")
        routes[descriptor.path] = Route(
            descriptor: descriptor, handler: handler, runsOnEventLoop: runsOnEventLoop)
    }

    /// Every registered method, sorted by path.
    public var descriptors: [MethodDescriptor] {
        routes.values.map(\.descriptor).sorted { $0.path < $1.path }
    }

    /// Names of the services that have at least one method.
    public var services: Set<String> { Set(routes.values.map(\.descriptor.service)) }

    func route(for path: String) -> Route? { routes[path] }
}
