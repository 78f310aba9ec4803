import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/IssueInvoice` (`fapiao.invoice.v1.IssueInvoiceRequest`).
public struct IssueInvoiceRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.IssueInvoiceRequest"

    /// Series code; the server uses "DEFAULT" when empty.
    public var series: String = ""
    public var seller: Party?
    public var buyer: Party?
    public var lines: [InvoiceLineInput] = []
    public var currency: String = ""
    public var remarks: String = ""
    public var issuer: String = ""
    /// Totals as the client computed them, or empty. When a total is given,
    /// it must equal the server's value or the call fails with INVALID_ARGUMENT.
    public var totalAmount: String = ""
    public var totalTax: String = ""
    public var totalWithTax: String = ""

    public init() {}

    static let jsonFields = [
        "series", "seller", "buyer", "lines", "currency", "remarks", "issuer", "totalAmount",
        "totalTax", "totalWithTax",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: IssueInvoiceRequest.protobufName,
            fields: IssueInvoiceRequest.jsonFields)
        series = try json.string("series")
        seller = try json.message(Party.self, "seller")
        buyer = try json.message(Party.self, "buyer")
        lines = try json.array(InvoiceLineInput.self, "lines")
        currency = try json.string("currency")
        remarks = try json.string("remarks")
        issuer = try json.string("issuer")
        totalAmount = try json.string("totalAmount")
        totalTax = try json.string("totalTax")
        totalWithTax = try json.string("totalWithTax")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("series", series)
        try json.message("seller", seller)
        try json.message("buyer", buyer)
        try json.array("lines", lines)
        try json.string("currency", currency)
        try json.string("remarks", remarks)
        try json.string("issuer", issuer)
        try json.string("totalAmount", totalAmount)
        try json.string("totalTax", totalTax)
        try json.string("totalWithTax", totalWithTax)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: IssueInvoiceRequest.protobufName,
            unpack: { fapiao__invoice__v1__issue_invoice_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__issue_invoice_request__free_unpacked($0, nil) }
        ) { pointer in
            var request = IssueInvoiceRequest()
            let message = pointer.pointee
            request.series = ProtobufField.string(message.series)
            request.seller = Party(protobuf: message.seller)
            request.buyer = Party(protobuf: message.buyer)
            request.lines = ProtobufField.array(message.lines, count: message.n_lines).map {
                InvoiceLineInput(protobuf: $0.pointee)
            }
            request.currency = ProtobufField.string(message.currency)
            request.remarks = ProtobufField.string(message.remarks)
            request.issuer = ProtobufField.string(message.issuer)
            request.totalAmount = ProtobufField.string(message.total_amount)
            request.totalTax = ProtobufField.string(message.total_tax)
            request.totalWithTax = ProtobufField.string(message.total_with_tax)
            return request
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__IssueInvoiceRequest()
        fapiao__invoice__v1__issue_invoice_request__init(&message)
        message.series = arena.string(series)
        message.seller = seller?.protobuf(in: arena)
        message.buyer = buyer?.protobuf(in: arena)
        message.n_lines = lines.count
        message.lines = arena.pointerArray(lines.map { $0.protobuf(in: arena) })
        message.currency = arena.string(currency)
        message.remarks = arena.string(remarks)
        message.issuer = arena.string(issuer)
        message.total_amount = arena.string(totalAmount)
        message.total_tax = arena.string(totalTax)
        message.total_with_tax = arena.string(totalWithTax)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__issue_invoice_request__get_packed_size,
                pack: fapiao__invoice__v1__issue_invoice_request__pack)
        }
    }
}
