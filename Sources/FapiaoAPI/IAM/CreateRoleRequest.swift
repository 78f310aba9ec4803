import CFapiaoProto
import FapiaoWire

/// Request of `RoleService/CreateRole` (`fapiao.iam.v1.CreateRoleRequest`).
public struct CreateRoleRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.CreateRoleRequest"

    /// Name of 1 to 64 characters from lower-case a-z, 0-9 and `_`, other than
    /// a built-in role name.
    public var name: String
    public var permissions: [String]

    public init(name: String = "", permissions: [String] = []) {
        self.name = name
        self.permissions = permissions
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: CreateRoleRequest.protobufName, fields: ["name", "permissions"])
        name = try json.string("name")
        permissions = try json.array(String.self, "permissions")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("name", name)
        try json.array("permissions", permissions)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: CreateRoleRequest.protobufName,
            unpack: { fapiao__iam__v1__create_role_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__create_role_request__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return CreateRoleRequest(
                name: ProtobufField.string(message.name),
                permissions: ProtobufStrings.strings(
                    message.permissions, count: message.n_permissions))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__CreateRoleRequest()
        fapiao__iam__v1__create_role_request__init(&message)
        message.name = arena.string(name)
        message.n_permissions = permissions.count
        message.permissions = ProtobufStrings.array(permissions, in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__create_role_request__get_packed_size,
                pack: fapiao__iam__v1__create_role_request__pack)
        }
    }
}
