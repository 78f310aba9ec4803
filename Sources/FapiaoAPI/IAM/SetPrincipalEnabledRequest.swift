import CFapiaoProto
import FapiaoWire

/// Request of `PrincipalService/DisablePrincipal` and `PrincipalService/EnablePrincipal`
/// (`fapiao.iam.v1.SetPrincipalEnabledRequest`).
public struct SetPrincipalEnabledRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.SetPrincipalEnabledRequest"

    public var id: String

    public init(id: String = "") {
        self.id = id
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: SetPrincipalEnabledRequest.protobufName, fields: ["id"])
        id = try json.string("id")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: SetPrincipalEnabledRequest.protobufName,
            unpack: { fapiao__iam__v1__set_principal_enabled_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__set_principal_enabled_request__free_unpacked($0, nil) }
        ) { pointer in
            SetPrincipalEnabledRequest(
                id: ProtobufField.string(pointer.pointee.id))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__SetPrincipalEnabledRequest()
        fapiao__iam__v1__set_principal_enabled_request__init(&message)
        message.id = arena.string(id)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__set_principal_enabled_request__get_packed_size,
                pack: fapiao__iam__v1__set_principal_enabled_request__pack)
        }
    }
}
