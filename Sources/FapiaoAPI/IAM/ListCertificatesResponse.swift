import CFapiaoProto
import FapiaoWire

/// Reply of `CertificateService/ListCertificates` (`fapiao.iam.v1.ListCertificatesResponse`).
public struct ListCertificatesResponse: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.ListCertificatesResponse"

    public var certificates: [Certificate]

    public init(certificates: [Certificate] = []) {
        self.certificates = certificates
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListCertificatesResponse.protobufName, fields: ["certificates"])
        certificates = try json.array(Certificate.self, "certificates")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("certificates", certificates)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListCertificatesResponse.protobufName,
            unpack: { fapiao__iam__v1__list_certificates_response__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__list_certificates_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListCertificatesResponse(
                certificates: ProtobufField.array(
                    message.certificates, count: message.n_certificates
                ).map { Certificate(protobuf: $0.pointee) })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Iam__V1__ListCertificatesResponse()
        fapiao__iam__v1__list_certificates_response__init(&message)
        message.n_certificates = certificates.count
        message.certificates = arena.pointerArray(certificates.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__iam__v1__list_certificates_response__get_packed_size,
                pack: fapiao__iam__v1__list_certificates_response__pack)
        }
    }
}
