import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/DeliverInvoice`, which moves an invoice from
/// ISSUED to DELIVERED (`fapiao.invoice.v1.DeliverInvoiceRequest`).
public struct DeliverInvoiceRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.DeliverInvoiceRequest"

    public var id: String
    /// Channel that brought the invoice to the buyer: "email", "sms", "portal", "paper", ...
    public var channel: String
    /// Address on that channel, for example an e-mail address.
    public var recipient: String

    public init(id: String = "", channel: String = "", recipient: String = "") {
        self.id = id
        self.channel = channel
        self.recipient = recipient
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: DeliverInvoiceRequest.protobufName,
            fields: ["id", "channel", "recipient"])
        id = try json.string("id")
        channel = try json.string("channel")
        recipient = try json.string("recipient")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
        try json.string("channel", channel)
        try json.string("recipient", recipient)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: DeliverInvoiceRequest.protobufName,
            unpack: { fapiao__invoice__v1__deliver_invoice_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__deliver_invoice_request__free_unpacked($0, nil) }
        ) { pointer in
            DeliverInvoiceRequest(
                id: ProtobufField.string(pointer.pointee.id),
                channel: ProtobufField.string(pointer.pointee.channel),
                recipient: ProtobufField.string(pointer.pointee.recipient))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__DeliverInvoiceRequest()
        fapiao__invoice__v1__deliver_invoice_request__init(&message)
        message.id = arena.string(id)
        message.channel = arena.string(channel)
        message.recipient = arena.string(recipient)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__deliver_invoice_request__get_packed_size,
                pack: fapiao__invoice__v1__deliver_invoice_request__pack)
        }
    }
}
