import CFapiaoProto
import FapiaoWire

/// Request of `CertificateService/BindCertificate` (`fapiao.iam.v1.BindCertificateRequest`).
public struct BindCertificateRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.BindCertificateRequest"

    public var principalID: String
    /// SHA-256 of the DER certificate, as 64 lower-case hex digits.
    public var fingerprint: String

    public init(principalID: String = "", fingerprint: String = "") {
        self.principalID = principalID
        self.fingerprint = fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: BindCertificateRequest.protobufName,
            fields: ["principalId", "fingerprint"])
        principalID = try json.string("principalId")
        fingerprint = try json.string("fingerprint")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("principalId", principalID)
        try json.string("fingerprint", fingerprint)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: BindCertificateRequest.protobufName,
            unpack: { fapiao__iam__v1__bind_certificate_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__bind_certificate_request__free_unpacked($0, nil) }
        ) { pointer in
            BindCertificateRequest(
                principalID: ProtobufField.string(pointer.pointee.principal_id),
                fingerprint: ProtobufField.string(pointer.pointee.fingerprint))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__BindCertificateRequest()
        fapiao__iam__v1__bind_certificate_request__init(&message)
        message.principal_id = arena.string(principalID)
        message.fingerprint = arena.string(fingerprint)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__bind_certificate_request__get_packed_size,
                pack: fapiao__iam__v1__bind_certificate_request__pack)
        }
    }
}
