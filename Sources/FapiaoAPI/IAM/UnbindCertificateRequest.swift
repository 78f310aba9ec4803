import CFapiaoProto
import FapiaoWire

/// Request of `CertificateService/UnbindCertificate` (`fapiao.iam.v1.UnbindCertificateRequest`).
public struct UnbindCertificateRequest: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.UnbindCertificateRequest"

    /// SHA-256 of the DER certificate, as 64 lower-case hex digits.
    public var fingerprint: String

    public init(fingerprint: String = "") {
        self.fingerprint = fingerprint
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: UnbindCertificateRequest.protobufName, fields: ["fingerprint"])
        fingerprint = try json.string("fingerprint")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("fingerprint", fingerprint)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: UnbindCertificateRequest.protobufName,
            unpack: { fapiao__iam__v1__unbind_certificate_request__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__unbind_certificate_request__free_unpacked($0, nil) }
        ) { pointer in
            UnbindCertificateRequest(
                fingerprint: ProtobufField.string(pointer.pointee.fingerprint))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__UnbindCertificateRequest()
        fapiao__iam__v1__unbind_certificate_request__init(&message)
        message.fingerprint = arena.string(fingerprint)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__unbind_certificate_request__get_packed_size,
                pack: fapiao__iam__v1__unbind_certificate_request__pack)
        }
    }
}
