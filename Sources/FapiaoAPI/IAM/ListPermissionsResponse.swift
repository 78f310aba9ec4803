import CFapiaoProto
import FapiaoWire

/// Reply of `RoleService/ListPermissions` (`fapiao.iam.v1.ListPermissionsResponse`).
public struct ListPermissionsResponse: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ListPermissionsResponse"

    /// Every permission name in the server's catalogue.
    public var permissions: [String]

    public init(permissions: [String] = []) {
        self.permissions = permissions
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListPermissionsResponse.protobufName, fields: ["permissions"])
        permissions = try json.array(String.self, "permissions")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("permissions", permissions)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListPermissionsResponse.protobufName,
            unpack: { fapiao__iam__v1__list_permissions_response__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__list_permissions_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListPermissionsResponse(
                permissions: ProtobufStrings.strings(
                    message.permissions, count: message.n_permissions))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__ListPermissionsResponse()
        fapiao__iam__v1__list_permissions_response__init(&message)
        message.n_permissions = permissions.count
        message.permissions = ProtobufStrings.array(permissions, in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__list_permissions_response__get_packed_size,
                pack: fapiao__iam__v1__list_permissions_response__pack)
        }
    }
}
