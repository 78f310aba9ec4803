import CFapiaoProto
import FapiaoWire

/// Reply of `TenantService/ListTenants` (`fapiao.tenant.v1.ListTenantsResponse`).
public struct ListTenantsResponse: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.ListTenantsResponse"

    public var tenants: [Tenant]

    public init(tenants: [Tenant] = []) {
        self.tenants = tenants
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListTenantsResponse.protobufName, fields: ["tenants"])
        tenants = try json.array(Tenant.self, "tenants")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("tenants", tenants)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListTenantsResponse.protobufName,
            unpack: { fapiao__tenant__v1__list_tenants_response__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__list_tenants_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListTenantsResponse(
                tenants: ProtobufField.array(message.tenants, count: message.n_tenants).map {
                    Tenant(protobuf: $0.pointee)
                })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Tenant__V1__ListTenantsResponse()
        fapiao__tenant__v1__list_tenants_response__init(&message)
        message.n_tenants = tenants.count
        message.tenants = arena.pointerArray(tenants.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__list_tenants_response__get_packed_size,
                pack: fapiao__tenant__v1__list_tenants_response__pack)
        }
    }
}
