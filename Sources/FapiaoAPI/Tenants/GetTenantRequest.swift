import CFapiaoProto
import FapiaoWire

/// Request of `TenantService/GetTenant` (`fapiao.tenant.v1.GetTenantRequest`).
public struct GetTenantRequest: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.GetTenantRequest"

    public var id: String

    public init(id: String = "") {
        self.id = id
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: GetTenantRequest.protobufName, fields: ["id"])
        id = try json.string("id")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: GetTenantRequest.protobufName,
            unpack: { fapiao__tenant__v1__get_tenant_request__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__get_tenant_request__free_unpacked($0, nil) }
        ) { pointer in
            GetTenantRequest(
                id: ProtobufField.string(pointer.pointee.id))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Tenant__V1__GetTenantRequest()
        fapiao__tenant__v1__get_tenant_request__init(&message)
        message.id = arena.string(id)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__get_tenant_request__get_packed_size,
                pack: fapiao__tenant__v1__get_tenant_request__pack)
        }
    }
}
