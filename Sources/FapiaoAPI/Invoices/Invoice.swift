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
    public var kind: InvoiceKind = .unspecified
    /// For a credit note, the id of the invoice it reverses.
    public var originalInvoiceID: String = ""
    public var creditReason: CreditReason = .unspecified
    /// Hex SHA-256 over the canonical encoding of the issued content.
    public var contentHash: String = ""
    /// Delivery channel such as "email", set once the invoice is delivered.
    public var deliveryChannel: String = ""
    /// Address on the delivery channel, for example an e-mail address.
    public var deliveryRecipient: String = ""
    public var deliveredAt: String = ""
    public var acknowledgedAt: String = ""
    public var archivedAt: String = ""
    /// For an invoice, the sum of the `totalWithTax` of its credit notes as a
    /// positive amount.
    public var creditedTotal: String = ""
    /// Warnings from checks that the tenant set to warn instead of fail, for
    /// example a USCC with a wrong check character in legacy data.
    public var warnings: [String] = []

    public init() {}

    static let jsonFields = [
        "id", "tenantId", "series", "number", "displayNumber", "status", "seller", "buyer",
        "lines", "currency", "totalAmount", "totalTax", "totalWithTax", "issuedAt", "remarks",
        "issuer", "issuedBy", "kind", "originalInvoiceId", "creditReason", "contentHash",
        "deliveryChannel", "deliveryRecipient", "deliveredAt", "acknowledgedAt", "archivedAt",
        "creditedTotal", "warnings",
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
        kind = try json.enumeration(InvoiceKind.self, "kind")
        originalInvoiceID = try json.string("originalInvoiceId")
        creditReason = try json.enumeration(CreditReason.self, "creditReason")
        contentHash = try json.string("contentHash")
        deliveryChannel = try json.string("deliveryChannel")
        deliveryRecipient = try json.string("deliveryRecipient")
        deliveredAt = try json.string("deliveredAt")
        acknowledgedAt = try json.string("acknowledgedAt")
        archivedAt = try json.string("archivedAt")
        creditedTotal = try json.string("creditedTotal")
        warnings = try json.array(String.self, "warnings")
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
        try json.enumeration("kind", kind)
        try json.string("originalInvoiceId", originalInvoiceID)
        try json.enumeration("creditReason", creditReason)
        try json.string("contentHash", contentHash)
        try json.string("deliveryChannel", deliveryChannel)
        try json.string("deliveryRecipient", deliveryRecipient)
        try json.string("deliveredAt", deliveredAt)
        try json.string("acknowledgedAt", acknowledgedAt)
        try json.string("archivedAt", archivedAt)
        try json.string("creditedTotal", creditedTotal)
        try json.array("warnings", warnings)
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
            pointer.pointee.kind = Fapiao__Invoice__V1__InvoiceKind(rawValue: kind.rawValue)
            pointer.pointee.original_invoice_id = arena.string(originalInvoiceID)
            pointer.pointee.credit_reason = Fapiao__Invoice__V1__CreditReason(
                rawValue: creditReason.rawValue)
            pointer.pointee.content_hash = arena.string(contentHash)
            pointer.pointee.delivery_channel = arena.string(deliveryChannel)
            pointer.pointee.delivery_recipient = arena.string(deliveryRecipient)
            pointer.pointee.delivered_at = arena.string(deliveredAt)
            pointer.pointee.acknowledged_at = arena.string(acknowledgedAt)
            pointer.pointee.archived_at = arena.string(archivedAt)
            pointer.pointee.credited_total = arena.string(creditedTotal)
            pointer.pointee.n_warnings = warnings.count
            pointer.pointee.warnings = ProtobufStrings.array(warnings, in: arena)
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
        kind = InvoiceKind(protoNumber: invoice.kind.rawValue)
        originalInvoiceID = ProtobufField.string(invoice.original_invoice_id)
        creditReason = CreditReason(protoNumber: invoice.credit_reason.rawValue)
        contentHash = ProtobufField.string(invoice.content_hash)
        deliveryChannel = ProtobufField.string(invoice.delivery_channel)
        deliveryRecipient = ProtobufField.string(invoice.delivery_recipient)
        deliveredAt = ProtobufField.string(invoice.delivered_at)
        acknowledgedAt = ProtobufField.string(invoice.acknowledged_at)
        archivedAt = ProtobufField.string(invoice.archived_at)
        creditedTotal = ProtobufField.string(invoice.credited_total)
        warnings = ProtobufStrings.strings(invoice.warnings, count: invoice.n_warnings)
    }
}
