import CFapiaoProto
import FapiaoWire

/// Reply of `TenantService/CreateTenant` (`fapiao.tenant.v1.CreateTenantResponse`).
public struct CreateTenantResponse: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.CreateTenantResponse"

    public var tenant: Tenant?
    public var adminPrincipalID: String
    /// API key of the first tenant administrator, returned only in this reply.
    public var apiKey: String

    public init(tenant: Tenant? = nil, adminPrincipalID: String = "", apiKey: String = "") {
        self.tenant = tenant
        self.adminPrincipalID = adminPrincipalID
        self.apiKey = apiKey
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: CreateTenantResponse.protobufName,
            fields: ["tenant", "adminPrincipalId", "apiKey"])
        tenant = try json.message(Tenant.self, "tenant")
        adminPrincipalID = try json.string("adminPrincipalId")
        apiKey = try json.string("apiKey")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.message("tenant", tenant)
        try json.string("adminPrincipalId", adminPrincipalID)
        try json.string("apiKey", apiKey)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: CreateTenantResponse.protobufName,
            unpack: { fapiao__tenant__v1__create_tenant_response__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__create_tenant_response__free_unpacked($0, nil) }
        ) { pointer in
            CreateTenantResponse(
                tenant: pointer.pointee.tenant.map { Tenant(protobuf: $0.pointee) },
                adminPrincipalID: ProtobufField.string(pointer.pointee.admin_principal_id),
                apiKey: ProtobufField.string(pointer.pointee.api_key))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Tenant__V1__CreateTenantResponse()
        fapiao__tenant__v1__create_tenant_response__init(&message)
        message.tenant = tenant?.protobuf(in: arena)
        message.admin_principal_id = arena.string(adminPrincipalID)
        message.api_key = arena.string(apiKey)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__create_tenant_response__get_packed_size,
                pack: fapiao__tenant__v1__create_tenant_response__pack)
        }
    }
}
