import CFapiaoProto
import FapiaoWire

/// Reply of `RoleService/ListRoles` (`fapiao.iam.v1.ListRolesResponse`).
public struct ListRolesResponse: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ListRolesResponse"

    public var roles: [Role]

    public init(roles: [Role] = []) {
        self.roles = roles
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListRolesResponse.protobufName, fields: ["roles"])
        roles = try json.array(Role.self, "roles")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("roles", roles)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListRolesResponse.protobufName,
            unpack: { fapiao__iam__v1__list_roles_response__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__list_roles_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListRolesResponse(
                roles: ProtobufField.array(message.roles, count: message.n_roles).map {
                    Role(protobuf: $0.pointee)
                })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__ListRolesResponse()
        fapiao__iam__v1__list_roles_response__init(&message)
        message.n_roles = roles.count
        message.roles = arena.pointerArray(roles.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__list_roles_response__get_packed_size,
                pack: fapiao__iam__v1__list_roles_response__pack)
        }
    }
}
