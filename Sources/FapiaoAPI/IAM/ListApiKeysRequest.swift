import CFapiaoProto
import FapiaoWire

/// Request of `ApiKeyService/ListApiKeys` (`fapiao.iam.v1.ListApiKeysRequest`).
public struct ListApiKeysRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ListApiKeysRequest"

    /// Principal whose keys to list, or empty to list every key of the tenant.
    public var principalID: String

    public init(principalID: String = "") {
        self.principalID = principalID
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListApiKeysRequest.protobufName, fields: ["principalId"])
        principalID = try json.string("principalId")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("principalId", principalID)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListApiKeysRequest.protobufName,
            unpack: { fapiao__iam__v1__list_api_keys_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__list_api_keys_request__free_unpacked($0, nil) }
        ) { pointer in
            ListApiKeysRequest(
                principalID: ProtobufField.string(pointer.pointee.principal_id))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__ListApiKeysRequest()
        fapiao__iam__v1__list_api_keys_request__init(&message)
        message.principal_id = arena.string(principalID)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__list_api_keys_request__get_packed_size,
                pack: fapiao__iam__v1__list_api_keys_request__pack)
        }
    }
}
