import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/VerifyInvoices`, which recomputes the content
/// hashes of stored invoices (`fapiao.invoice.v1.VerifyInvoicesRequest`).
public struct VerifyInvoicesRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.VerifyInvoicesRequest"

    /// Range of RFC 3339 issue times, `issuedFrom` inclusive and `issuedTo`
    /// exclusive. When both are empty, the server checks every invoice.
    public var issuedFrom: String
    public var issuedTo: String

    public init(issuedFrom: String = "", issuedTo: String = "") {
        self.issuedFrom = issuedFrom
        self.issuedTo = issuedTo
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: VerifyInvoicesRequest.protobufName,
            fields: ["issuedFrom", "issuedTo"])
        issuedFrom = try json.string("issuedFrom")
        issuedTo = try json.string("issuedTo")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("issuedFrom", issuedFrom)
        try json.string("issuedTo", issuedTo)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: VerifyInvoicesRequest.protobufName,
            unpack: { fapiao__invoice__v1__verify_invoices_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__verify_invoices_request__free_unpacked($0, nil) }
        ) { pointer in
            VerifyInvoicesRequest(
                issuedFrom: ProtobufField.string(pointer.pointee.issued_from),
                issuedTo: ProtobufField.string(pointer.pointee.issued_to))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__VerifyInvoicesRequest()
        fapiao__invoice__v1__verify_invoices_request__init(&message)
        message.issued_from = arena.string(issuedFrom)
        message.issued_to = arena.string(issuedTo)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__verify_invoices_request__get_packed_size,
                pack: fapiao__invoice__v1__verify_invoices_request__pack)
        }
    }
}
