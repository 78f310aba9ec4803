import CFapiaoProto
import FapiaoWire

/// A client certificate bound to a principal (`fapiao.iam.v1.Certificate`).
public struct Certificate: ProtobufMessage {
    public static let protobufName = "fapiao.iam.v1.Certificate"

    /// SHA-256 of the DER certificate, as 64 lower-case hex digits.
    public var fingerprint: String
    public var principalID: String
    /// RFC 3339 time in UTC with microseconds.
    public var createdAt: String

    public init(fingerprint: String = "", principalID: String = "", createdAt: String = "") {
        self.fingerprint = fingerprint
        self.principalID = principalID
        self.createdAt = createdAt
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: Certificate.protobufName,
            fields: ["fingerprint", "principalId", "createdAt"])
        fingerprint = try json.string("fingerprint")
        principalID = try json.string("principalId")
        createdAt = try json.string("createdAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("fingerprint", fingerprint)
        try json.string("principalId", principalID)
        try json.string("createdAt", createdAt)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: Certificate.protobufName,
            unpack: { fapiao__iam__v1__certificate__unpack(nil, $0, $1) },
            free: { fapiao__iam__v1__certificate__free_unpacked($0, nil) }
        ) { Certificate(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__iam__v1__certificate__get_packed_size,
            pack: fapiao__iam__v1__certificate__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Iam__V1__Certificate> {
        arena.message(Fapiao__Iam__V1__Certificate.self) { pointer in
            fapiao__iam__v1__certificate__init(pointer)
            pointer.pointee.fingerprint = arena.string(fingerprint)
            pointer.pointee.principal_id = arena.string(principalID)
            pointer.pointee.created_at = arena.string(createdAt)
        }
    }

    init(protobuf certificate: Fapiao__Iam__V1__Certificate) {
        fingerprint = ProtobufField.string(certificate.fingerprint)
        principalID = ProtobufField.string(certificate.principal_id)
        createdAt = ProtobufField.string(certificate.created_at)
    }
}
