import CFapiaoProto
import FapiaoWire

/// Request of `AccessLogService/GetPublicKey` (`fapiao.audit.v1.GetPublicKeyRequest`),
/// which needs the `audit.read` permission.
public struct GetPublicKeyRequest: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.GetPublicKeyRequest"

    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try ProtoJSONReader(
            from: decoder, message: GetPublicKeyRequest.protobufName, fields: [])
    }

    public func encode(to encoder: any Encoder) throws {
        _ = ProtoJSONWriter(to: encoder)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: GetPublicKeyRequest.protobufName,
            unpack: { fapiao__audit__v1__get_public_key_request__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__get_public_key_request__free_unpacked($0, nil) }
        ) { _ in GetPublicKeyRequest() }
    }

    public func protobufBytes() -> [UInt8] {
        var message = Fapiao__Audit__V1__GetPublicKeyRequest()
        fapiao__audit__v1__get_public_key_request__init(&message)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__audit__v1__get_public_key_request__get_packed_size,
                pack: fapiao__audit__v1__get_public_key_request__pack)
        }
    }
}
