import CFapiaoProto
import FapiaoWire

/// Public key that verifies access-log digest signatures (`fapiao.audit.v1.PublicKey`).
public struct PublicKey: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.PublicKey"

    /// Id of the key, as digests that it signed name it in `AccessLogDigest.keyID`.
    public var keyID: String
    public var algorithm: String
    /// PEM `PUBLIC KEY` block (SubjectPublicKeyInfo).
    public var pem: String

    public init(keyID: String = "", algorithm: String = "", pem: String = "") {
        self.keyID = keyID
        self.algorithm = algorithm
        self.pem = pem
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: PublicKey.protobufName,
            fields: ["keyId", "algorithm", "pem"])
        keyID = try json.string("keyId")
        algorithm = try json.string("algorithm")
        pem = try json.string("pem")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("keyId", keyID)
        try json.string("algorithm", algorithm)
        try json.string("pem", pem)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: PublicKey.protobufName,
            unpack: { fapiao__audit__v1__public_key__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__public_key__free_unpacked($0, nil) }
        ) { pointer in
            PublicKey(
                keyID: ProtobufField.string(pointer.pointee.key_id),
                algorithm: ProtobufField.string(pointer.pointee.algorithm),
                pem: ProtobufField.string(pointer.pointee.pem))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Audit__V1__PublicKey()
        fapiao__audit__v1__public_key__init(&message)
        message.key_id = arena.string(keyID)
        message.algorithm = arena.string(algorithm)
        message.pem = arena.string(pem)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__audit__v1__public_key__get_packed_size,
                pack: fapiao__audit__v1__public_key__pack)
        }
    }
}
