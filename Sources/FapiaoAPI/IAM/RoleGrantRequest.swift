import CFapiaoProto
import FapiaoWire

/// Request of `RoleService/GrantRole` and `RoleService/RevokeRole`
/// (`fapiao.iam.v1.RoleGrantRequest`).
public struct RoleGrantRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.RoleGrantRequest"

    public var principalID: String
    /// Role name.
    public var role: String

    public init(principalID: String = "", role: String = "") {
        self.principalID = principalID
        self.role = role
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: RoleGrantRequest.protobufName, fields: ["principalId", "role"])
        principalID = try json.string("principalId")
        role = try json.string("role")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("principalId", principalID)
        try json.string("role", role)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: RoleGrantRequest.protobufName,
            unpack: { fapiao__iam__v1__role_grant_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__role_grant_request__free_unpacked($0, nil) }
        ) { pointer in
            RoleGrantRequest(
                principalID: ProtobufField.string(pointer.pointee.principal_id),
                role: ProtobufField.string(pointer.pointee.role))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__RoleGrantRequest()
        fapiao__iam__v1__role_grant_request__init(&message)
        message.principal_id = arena.string(principalID)
        message.role = arena.string(role)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__role_grant_request__get_packed_size,
                pack: fapiao__iam__v1__role_grant_request__pack)
        }
    }
}
