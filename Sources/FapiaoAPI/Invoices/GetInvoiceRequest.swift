import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/GetInvoice` (`fapiao.invoice.v1.GetInvoiceRequest`).
public struct GetInvoiceRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.GetInvoiceRequest"

    public var id: String

    public init(id: String = "") {
        self.id = id
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: GetInvoiceRequest.protobufName, fields: ["id"])
        id = try json.string("id")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: GetInvoiceRequest.protobufName,
            unpack: { fapiao__invoice__v1__get_invoice_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__get_invoice_request__free_unpacked($0, nil) }
        ) { GetInvoiceRequest(id: ProtobufField.string($0.pointee.id)) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__GetInvoiceRequest()
        fapiao__invoice__v1__get_invoice_request__init(&message)
        message.id = arena.string(id)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__get_invoice_request__get_packed_size,
                pack: fapiao__invoice__v1__get_invoice_request__pack)
        }
    }
}
