import CFapiaoProto
import FapiaoWire

/// Request of `TenantService/ListTenants` (`fapiao.tenant.v1.ListTenantsRequest`).
public struct ListTenantsRequest: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.ListTenantsRequest"

    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try ProtoJSONReader(from: decoder, message: ListTenantsRequest.protobufName, fields: [])
    }

    public func encode(to encoder: any Encoder) throws {
        _ = ProtoJSONWriter(to: encoder)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListTenantsRequest.protobufName,
            unpack: { fapiao__tenant__v1__list_tenants_request__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__list_tenants_request__free_unpacked($0, nil) }
        ) { _ in ListTenantsRequest() }
    }

    public func protobufBytes() -> [UInt8] {
        var message = Fapiao__Tenant__V1__ListTenantsRequest()
        fapiao__tenant__v1__list_tenants_request__init(&message)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__list_tenants_request__get_packed_size,
                pack: fapiao__tenant__v1__list_tenants_request__pack)
        }
    }
}
