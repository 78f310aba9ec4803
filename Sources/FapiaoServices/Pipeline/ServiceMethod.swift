public import FapiaoAPI
public import FapiaoRPC

/// A unary method of a business service: its path, the one permission it
/// requires, and its handler.
public struct ServiceMethod<Request: ProtobufMessage, Response: ProtobufMessage>: Sendable {
    public let descriptor: MethodDescriptor
    public let permission: Permission
    /// Type of the resource the method acts on, for the access log (`invoice`, `tenant`).
    public let resourceType: String
    let handler: @Sendable (CallContext, Request) throws -> Response
    /// Returns the read-only statement that the handler runs first, to send
    /// it with the key lookup (see `CallSession.Prefetch`); nil for most methods.
    let prefetch: (@Sendable (ServerCall, _ tenantID: String) -> CallSession.Prefetch?)?

    public init(
        path: String, permission: Permission, resourceType: String,
        handler: @escaping @Sendable (CallContext, Request) throws -> Response
    ) {
        self.init(path: path, permission: permission, resourceType: resourceType, prefetch: nil, handler: handler)
    }

    init(
        path: String, permission: Permission, resourceType: String,
        prefetch: (@Sendable (ServerCall, _ tenantID: String) -> CallSession.Prefetch?)?,
        handler: @escaping @Sendable (CallContext, Request) throws -> Response
    ) {
        self.descriptor = MethodDescriptor(path: path, kind: .unary)
        self.permission = permission
        self.resourceType = resourceType
        self.prefetch = prefetch
        self.handler = handler
    }
}

/// A server-streaming method of a business service. Its handler sends any
/// number of replies through its third argument; the pipeline sends status
/// OK when it returns.
public struct StreamingServiceMethod<Request: ProtobufMessage, Response: ProtobufMessage>: Sendable
{
    public let descriptor: MethodDescriptor
    public let permission: Permission
    public let resourceType: String
    let handler: @Sendable (CallContext, Request, (Response) -> Void) throws -> Void

    public init(
        path: String, permission: Permission, resourceType: String,
        handler: @escaping @Sendable (CallContext, Request, (Response) -> Void) throws -> Void
    ) {
        self.descriptor = MethodDescriptor(path: path, kind: .serverStreaming)
        self.permission = permission
        self.resourceType = resourceType
        self.handler = handler
    }
}

/// A `ServiceMethod` with its request and response types erased, so that
/// services can list their methods in one array.
public struct AnyServiceMethod: Sendable {
    public let path: String
    public let permission: Permission
    private let install: @Sendable (ServicePipeline, inout MethodRouter) -> Void

    public init<Request, Response>(_ method: ServiceMethod<Request, Response>) {
        path = method.descriptor.path
        permission = method.permission
        install = { pipeline, router in pipeline.register(method, in: &router) }
    }

    public init<Request, Response>(_ method: StreamingServiceMethod<Request, Response>) {
        path = method.descriptor.path
        permission = method.permission
        install = { pipeline, router in pipeline.register(method, in: &router) }
    }

    /// Adds the method to `router`, behind `pipeline`.
    public func register(in router: inout MethodRouter, pipeline: ServicePipeline) {
        install(pipeline, &router)
    }
}
