import CFapiaoProto
import FapiaoWire

/// A person, service or operator that calls the API (`fapiao.iam.v1.Principal`).
public struct Principal: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.Principal"

    public var id: String
    public var tenantID: String
    public var name: String
    public var kind: PrincipalKind
    /// Role names, built-in (`tenant_admin`, `issuer`, `auditor`, `viewer`) or custom.
    public var roles: [String]
    public var disabled: Bool
    /// RFC 3339 time in UTC with microseconds.
    public var createdAt: String

    public init(
        id: String = "", tenantID: String = "", name: String = "",
        kind: PrincipalKind = .unspecified, roles: [String] = [], disabled: Bool = false,
        createdAt: String = ""
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.kind = kind
        self.roles = roles
        self.disabled = disabled
        self.createdAt = createdAt
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: Principal.protobufName,
            fields: ["id", "tenantId", "name", "kind", "roles", "disabled", "createdAt"])
        id = try json.string("id")
        tenantID = try json.string("tenantId")
        name = try json.string("name")
        kind = try json.enumeration(PrincipalKind.self, "kind")
        roles = try json.array(String.self, "roles")
        disabled = try json.bool("disabled")
        createdAt = try json.string("createdAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
        try json.string("tenantId", tenantID)
        try json.string("name", name)
        try json.enumeration("kind", kind)
        try json.array("roles", roles)
        try json.bool("disabled", disabled)
        try json.string("createdAt", createdAt)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: Principal.protobufName,
            unpack: { fapiao__iam__v1__principal__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__principal__free_unpacked($0, nil) }
        ) { Principal(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__iam__v1__principal__get_packed_size,
            pack: fapiao__iam__v1__principal__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Iam__V1__Principal> {
        arena.message(Fapiao__Iam__V1__Principal.self) { pointer in
            fapiao__iam__v1__principal__init(pointer)
            pointer.pointee.id = arena.string(id)
            pointer.pointee.tenant_id = arena.string(tenantID)
            pointer.pointee.name = arena.string(name)
            pointer.pointee.kind = Fapiao__Iam__V1__PrincipalKind(rawValue: kind.rawValue)
            pointer.pointee.n_roles = roles.count
            pointer.pointee.roles = ProtobufStrings.array(roles, in: arena)
            pointer.pointee.disabled = disabled ? 1 : 0
            pointer.pointee.created_at = arena.string(createdAt)
        }
    }

    init(protobuf principal: Fapiao__Iam__V1__Principal) {
        id = ProtobufField.string(principal.id)
        tenantID = ProtobufField.string(principal.tenant_id)
        name = ProtobufField.string(principal.name)
        kind = PrincipalKind(protoNumber: principal.kind.rawValue)
        roles = ProtobufStrings.strings(principal.roles, count: principal.n_roles)
        disabled = principal.disabled != 0
        createdAt = ProtobufField.string(principal.created_at)
    }
}
