import CFapiaoProto
import FapiaoWire

/// Reply of `PrincipalService/ListPrincipals` (`fapiao.iam.v1.ListPrincipalsResponse`).
public struct ListPrincipalsResponse: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ListPrincipalsResponse"

    public var principals: [Principal]

    public init(principals: [Principal] = []) {
        self.principals = principals
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListPrincipalsResponse.protobufName, fields: ["principals"])
        principals = try json.array(Principal.self, "principals")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("principals", principals)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListPrincipalsResponse.protobufName,
            unpack: { fapiao__iam__v1__list_principals_response__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__list_principals_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListPrincipalsResponse(
                principals: ProtobufField.array(
                    message.principals, count: message.n_principals
                ).map { Principal(protobuf: $0.pointee) })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__ListPrincipalsResponse()
        fapiao__iam__v1__list_principals_response__init(&message)
        message.n_principals = principals.count
        message.principals = arena.pointerArray(principals.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__list_principals_response__get_packed_size,
                pack: fapiao__iam__v1__list_principals_response__pack)
        }
    }
}
