import CFapiaoProto
import FapiaoWire

/// An issued invoice (`fapiao.invoice.v1.Invoice`).
public struct Invoice: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.Invoice"

    public var id: String = ""
    public var tenantID: String = ""
    public var series: String = ""
    public var number: UInt64 = 0
    public var displayNumber: String = ""
    public var status: InvoiceStatus = .unspecified
    public var seller: Party?
    public var buyer: Party?
    public var lines: [InvoiceLine] = []
    public var currency: String = ""
    public var totalAmount: String = ""
    public var totalTax: String = ""
    public var totalWithTax: String = ""
    /// RFC 3339 time in UTC with microseconds.
    public var issuedAt: String = ""
    public var remarks: String = ""
    public var issuer: String = ""
    /// Principal id of the caller that issued the invoice.
    public var issuedBy: String = ""

    public init() {}

    static let jsonFields = [
        "id", "tenantId", "series", "number", "displayNumber", "status", "seller", "buyer",
        "lines", "currency", "totalAmount", "totalTax", "totalWithTax", "issuedAt", "remarks",
        "issuer", "issuedBy",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: Invoice.protobufName, fields: Invoice.jsonFields)
        id = try json.string("id")
        tenantID = try json.string("tenantId")
        series = try json.string("series")
        number = try json.integer("number")
        displayNumber = try json.string("displayNumber")
        status = try json.enumeration(InvoiceStatus.self, "status")
        seller = try json.message(Party.self, "seller")
        buyer = try json.message(Party.self, "buyer")
        lines = try json.array(InvoiceLine.self, "lines")
        currency = try json.string("currency")
        totalAmount = try json.string("totalAmount")
        totalTax = try json.string("totalTax")
        totalWithTax = try json.string("totalWithTax")
        issuedAt = try json.string("issuedAt")
        remarks = try json.string("remarks")
        issuer = try json.string("issuer")
        issuedBy = try json.string("issuedBy")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
        try json.string("tenantId", tenantID)
        try json.string("series", series)
        try json.integer64("number", number)
        try json.string("displayNumber", displayNumber)
        try json.enumeration("status", status)
        try json.message("seller", seller)
        try json.message("buyer", buyer)
        try json.array("lines", lines)
        try json.string("currency", currency)
        try json.string("totalAmount", totalAmount)
        try json.string("totalTax", totalTax)
        try json.string("totalWithTax", totalWithTax)
        try json.string("issuedAt", issuedAt)
        try json.string("remarks", remarks)
        try json.string("issuer", issuer)
        try json.string("issuedBy", issuedBy)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: Invoice.protobufName,
            unpack: { fapiao__invoice__v1__invoice__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__invoice__free_unpacked($0, nil) }
        ) { Invoice(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        let message = protobuf(in: arena)
        return packProtobuf(
            message, size: fapiao__invoice__v1__invoice__get_packed_size,
            pack: fapiao__invoice__v1__invoice__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Invoice__V1__Invoice> {
        arena.message(Fapiao__Invoice__V1__Invoice.self) { pointer in
            fapiao__invoice__v1__invoice__init(pointer)
            pointer.pointee.id = arena.string(id)
            pointer.pointee.tenant_id = arena.string(tenantID)
            pointer.pointee.series = arena.string(series)
            pointer.pointee.number = number
            pointer.pointee.display_number = arena.string(displayNumber)
            pointer.pointee.status = Fapiao__Invoice__V1__InvoiceStatus(rawValue: status.rawValue)
            pointer.pointee.seller = seller?.protobuf(in: arena)
            pointer.pointee.buyer = buyer?.protobuf(in: arena)
            pointer.pointee.n_lines = lines.count
            pointer.pointee.lines = arena.pointerArray(lines.map { $0.protobuf(in: arena) })
            pointer.pointee.currency = arena.string(currency)
            pointer.pointee.total_amount = arena.string(totalAmount)
            pointer.pointee.total_tax = arena.string(totalTax)
            pointer.pointee.total_with_tax = arena.string(totalWithTax)
            pointer.pointee.issued_at = arena.string(issuedAt)
            pointer.pointee.remarks = arena.string(remarks)
            pointer.pointee.issuer = arena.string(issuer)
            pointer.pointee.issued_by = arena.string(issuedBy)
        }
    }

    init(protobuf invoice: Fapiao__Invoice__V1__Invoice) {
        id = ProtobufField.string(invoice.id)
        tenantID = ProtobufField.string(invoice.tenant_id)
        series = ProtobufField.string(invoice.series)
        number = invoice.number
        displayNumber = ProtobufField.string(invoice.display_number)
        status = InvoiceStatus(protoNumber: invoice.status.rawValue)
        seller = Party(protobuf: invoice.seller)
        buyer = Party(protobuf: invoice.buyer)
        lines = ProtobufField.array(invoice.lines, count: invoice.n_lines).map {
            InvoiceLine(protobuf: $0.pointee)
        }
        currency = ProtobufField.string(invoice.currency)
        totalAmount = ProtobufField.string(invoice.total_amount)
        totalTax = ProtobufField.string(invoice.total_tax)
        totalWithTax = ProtobufField.string(invoice.total_with_tax)
        issuedAt = ProtobufField.string(invoice.issued_at)
        remarks = ProtobufField.string(invoice.remarks)
        issuer = ProtobufField.string(invoice.issuer)
        issuedBy = ProtobufField.string(invoice.issued_by)
    }
}
