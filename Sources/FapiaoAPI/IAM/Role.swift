import CFapiaoProto
import FapiaoWire

/// A named set of permissions (`fapiao.iam.v1.Role`).
public struct Role: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.Role"

    public var name: String
    /// Permission names such as `invoice.issue`.
    public var permissions: [String]
    public var builtIn: Bool

    public init(name: String = "", permissions: [String] = [], builtIn: Bool = false) {
        self.name = name
        self.permissions = permissions
        self.builtIn = builtIn
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: Role.protobufName, fields: ["name", "permissions", "builtIn"])
        name = try json.string("name")
        permissions = try json.array(String.self, "permissions")
        builtIn = try json.bool("builtIn")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("name", name)
        try json.array("permissions", permissions)
        try json.bool("builtIn", builtIn)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: Role.protobufName,
            unpack: { fapiao__iam__v1__role__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__role__free_unpacked($0, nil) }
        ) { Role(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__iam__v1__role__get_packed_size,
            pack: fapiao__iam__v1__role__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Iam__V1__Role> {
        arena.message(Fapiao__Iam__V1__Role.self) { pointer in
            fapiao__iam__v1__role__init(pointer)
            pointer.pointee.name = arena.string(name)
            pointer.pointee.n_permissions = permissions.count
            pointer.pointee.permissions = ProtobufStrings.array(permissions, in: arena)
            pointer.pointee.built_in = builtIn ? 1 : 0
        }
    }

    init(protobuf role: Fapiao__Iam__V1__Role) {
        name = ProtobufField.string(role.name)
        permissions = ProtobufStrings.strings(role.permissions, count: role.n_permissions)
        builtIn = role.built_in != 0
    }
}
