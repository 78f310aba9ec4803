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

    public init(
        path: String, permission: Permission, resourceType: String,
        handler: @escaping @Sendable (CallContext, Request) throws -> Response
    ) {
        self.descriptor = MethodDescriptor(path: path, kind: .unary)
        self.permission = permission
        self.resourceType = resourceType
        self.handler = handler
    }
}

/// The permission each registered method requires, for documentation and tests.
public struct MethodPermission: Sendable, Equatable {
    public let path: String
    public let permission: Permission
}
