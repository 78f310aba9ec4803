import CFapiaoProto
import FapiaoWire

/// Reply of `InvoiceService/IssueInvoice` (`fapiao.invoice.v1.IssueInvoiceResponse`).
public struct IssueInvoiceResponse: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.IssueInvoiceResponse"

    public var invoice: Invoice?
    /// True when the reply repeats an earlier call with the same idempotency key.
    public var replayed: Bool = false

    public init(invoice: Invoice? = nil, replayed: Bool = false) {
        self.invoice = invoice
        self.replayed = replayed
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: IssueInvoiceResponse.protobufName,
            fields: ["invoice", "replayed"])
        invoice = try json.message(Invoice.self, "invoice")
        replayed = try json.bool("replayed")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.message("invoice", invoice)
        try json.bool("replayed", replayed)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: IssueInvoiceResponse.protobufName,
            unpack: { fapiao__invoice__v1__issue_invoice_response__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__issue_invoice_response__free_unpacked($0, nil) }
        ) { pointer in
            IssueInvoiceResponse(
                invoice: pointer.pointee.invoice.map { Invoice(protobuf: $0.pointee) },
                replayed: pointer.pointee.replayed != 0)
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__IssueInvoiceResponse()
        fapiao__invoice__v1__issue_invoice_response__init(&message)
        message.invoice = invoice?.protobuf(in: arena)
        message.replayed = replayed ? 1 : 0
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__issue_invoice_response__get_packed_size,
                pack: fapiao__invoice__v1__issue_invoice_response__pack)
        }
    }
}
