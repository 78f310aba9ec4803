import CFapiaoProto
import FapiaoWire

/// Request of `RoleService/ListPermissions` (`fapiao.iam.v1.ListPermissionsRequest`).
public struct ListPermissionsRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ListPermissionsRequest"

    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try ProtoJSONReader(
            from: decoder, message: ListPermissionsRequest.protobufName, fields: [])
    }

    public func encode(to encoder: any Encoder) throws {
        _ = ProtoJSONWriter(to: encoder)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListPermissionsRequest.protobufName,
            unpack: { fapiao__iam__v1__list_permissions_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__list_permissions_request__free_unpacked($0, nil) }
        ) { _ in ListPermissionsRequest() }
    }

    public func protobufBytes() -> [UInt8] {
        var message = Fapiao__Iam__V1__ListPermissionsRequest()
        fapiao__iam__v1__list_permissions_request__init(&message)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__list_permissions_request__get_packed_size,
                pack: fapiao__iam__v1__list_permissions_request__pack)
        }
    }
}
