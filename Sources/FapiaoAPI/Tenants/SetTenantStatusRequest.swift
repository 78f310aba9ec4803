import CFapiaoProto
import FapiaoWire

/// Request of `TenantService/SuspendTenant` and `TenantService/ResumeTenant`
/// (`fapiao.tenant.v1.SetTenantStatusRequest`).
public struct SetTenantStatusRequest: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.SetTenantStatusRequest"

    public var id: String

    public init(id: String = "") {
        self.id = id
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: SetTenantStatusRequest.protobufName, fields: ["id"])
        id = try json.string("id")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: SetTenantStatusRequest.protobufName,
            unpack: { fapiao__tenant__v1__set_tenant_status_request__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__set_tenant_status_request__free_unpacked($0, nil) }
        ) { pointer in
            SetTenantStatusRequest(
                id: ProtobufField.string(pointer.pointee.id))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Tenant__V1__SetTenantStatusRequest()
        fapiao__tenant__v1__set_tenant_status_request__init(&message)
        message.id = arena.string(id)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__set_tenant_status_request__get_packed_size,
                pack: fapiao__tenant__v1__set_tenant_status_request__pack)
        }
    }
}
