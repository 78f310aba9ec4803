import CFapiaoProto
import FapiaoWire

/// Request of `PrincipalService/CreatePrincipal` (`fapiao.iam.v1.CreatePrincipalRequest`).
public struct CreatePrincipalRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.CreatePrincipalRequest"

    /// Name of 1 to 200 characters, unique in the tenant.
    public var name: String
    public var kind: PrincipalKind
    /// Names of the roles to grant, which may be empty.
    public var roles: [String]

    public init(name: String = "", kind: PrincipalKind = .unspecified, roles: [String] = []) {
        self.name = name
        self.kind = kind
        self.roles = roles
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: CreatePrincipalRequest.protobufName,
            fields: ["name", "kind", "roles"])
        name = try json.string("name")
        kind = try json.enumeration(PrincipalKind.self, "kind")
        roles = try json.array(String.self, "roles")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("name", name)
        try json.enumeration("kind", kind)
        try json.array("roles", roles)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: CreatePrincipalRequest.protobufName,
            unpack: { fapiao__iam__v1__create_principal_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__create_principal_request__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return CreatePrincipalRequest(
                name: ProtobufField.string(message.name),
                kind: PrincipalKind(protoNumber: message.kind.rawValue),
                roles: ProtobufStrings.strings(message.roles, count: message.n_roles))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__CreatePrincipalRequest()
        fapiao__iam__v1__create_principal_request__init(&message)
        message.name = arena.string(name)
        message.kind = Fapiao__Iam__V1__PrincipalKind(rawValue: kind.rawValue)
        message.n_roles = roles.count
        message.roles = ProtobufStrings.array(roles, in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__create_principal_request__get_packed_size,
                pack: fapiao__iam__v1__create_principal_request__pack)
        }
    }
}
