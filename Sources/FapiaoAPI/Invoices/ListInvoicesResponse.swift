import CFapiaoProto
import FapiaoWire

/// Reply of `InvoiceService/ListInvoices` (`fapiao.invoice.v1.ListInvoicesResponse`).
public struct ListInvoicesResponse: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.ListInvoicesResponse"

    /// Invoices of the page, newest issue time first, then by id.
    public var invoices: [Invoice]
    /// Token for the next page, or empty on the last page.
    public var nextPageToken: String

    public init(invoices: [Invoice] = [], nextPageToken: String = "") {
        self.invoices = invoices
        self.nextPageToken = nextPageToken
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListInvoicesResponse.protobufName,
            fields: ["invoices", "nextPageToken"])
        invoices = try json.array(Invoice.self, "invoices")
        nextPageToken = try json.string("nextPageToken")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("invoices", invoices)
        try json.string("nextPageToken", nextPageToken)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListInvoicesResponse.protobufName,
            unpack: { fapiao__invoice__v1__list_invoices_response__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__list_invoices_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListInvoicesResponse(
                invoices: ProtobufField.array(message.invoices, count: message.n_invoices).map {
                    Invoice(protobuf: $0.pointee)
                },
                nextPageToken: ProtobufField.string(message.next_page_token))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__ListInvoicesResponse()
        fapiao__invoice__v1__list_invoices_response__init(&message)
        message.n_invoices = invoices.count
        message.invoices = arena.pointerArray(invoices.map { $0.protobuf(in: arena) })
        message.next_page_token = arena.string(nextPageToken)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__list_invoices_response__get_packed_size,
                pack: fapiao__invoice__v1__list_invoices_response__pack)
        }
    }
}
