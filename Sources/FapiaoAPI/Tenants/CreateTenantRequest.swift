import CFapiaoProto
import FapiaoWire

/// Request of `TenantService/CreateTenant` (`fapiao.tenant.v1.CreateTenantRequest`).
public struct CreateTenantRequest: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.CreateTenantRequest"

    public var name: String
    /// Name of the first tenant administrator; the server uses "admin" when empty.
    public var adminName: String

    public init(name: String = "", adminName: String = "") {
        self.name = name
        self.adminName = adminName
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: CreateTenantRequest.protobufName, fields: ["name", "adminName"])
        name = try json.string("name")
        adminName = try json.string("adminName")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("name", name)
        try json.string("adminName", adminName)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: CreateTenantRequest.protobufName,
            unpack: { fapiao__tenant__v1__create_tenant_request__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__create_tenant_request__free_unpacked($0, nil) }
        ) { pointer in
            CreateTenantRequest(
                name: ProtobufField.string(pointer.pointee.name),
                adminName: ProtobufField.string(pointer.pointee.admin_name))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Tenant__V1__CreateTenantRequest()
        fapiao__tenant__v1__create_tenant_request__init(&message)
        message.name = arena.string(name)
        message.admin_name = arena.string(adminName)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__create_tenant_request__get_packed_size,
                pack: fapiao__tenant__v1__create_tenant_request__pack)
        }
    }
}
