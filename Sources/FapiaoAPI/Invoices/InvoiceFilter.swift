import CFapiaoProto
import FapiaoWire

/// Invoice selection of `ListInvoices` and `ExportInvoices`
/// (`fapiao.invoice.v1.InvoiceFilter`). A field left at its default does not
/// filter.
public struct InvoiceFilter: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.InvoiceFilter"

    /// RFC 3339 issue time, inclusive.
    public var issuedFrom: String
    /// RFC 3339 issue time, exclusive.
    public var issuedTo: String
    /// Substring of the buyer's name, matched case-insensitively.
    public var buyerName: String
    public var buyerTaxID: String
    /// Inclusive lower bound on `totalWithTax`.
    public var minTotal: String
    /// Inclusive upper bound on `totalWithTax`.
    public var maxTotal: String
    public var status: InvoiceStatus
    public var kind: InvoiceKind
    public var series: String

    public init(
        issuedFrom: String = "", issuedTo: String = "", buyerName: String = "",
        buyerTaxID: String = "", minTotal: String = "", maxTotal: String = "",
        status: InvoiceStatus = .unspecified, kind: InvoiceKind = .unspecified,
        series: String = ""
    ) {
        self.issuedFrom = issuedFrom
        self.issuedTo = issuedTo
        self.buyerName = buyerName
        self.buyerTaxID = buyerTaxID
        self.minTotal = minTotal
        self.maxTotal = maxTotal
        self.status = status
        self.kind = kind
        self.series = series
    }

    static let jsonFields = [
        "issuedFrom", "issuedTo", "buyerName", "buyerTaxId", "minTotal", "maxTotal", "status",
        "kind", "series",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: InvoiceFilter.protobufName, fields: InvoiceFilter.jsonFields)
        issuedFrom = try json.string("issuedFrom")
        issuedTo = try json.string("issuedTo")
        buyerName = try json.string("buyerName")
        buyerTaxID = try json.string("buyerTaxId")
        minTotal = try json.string("minTotal")
        maxTotal = try json.string("maxTotal")
        status = try json.enumeration(InvoiceStatus.self, "status")
        kind = try json.enumeration(InvoiceKind.self, "kind")
        series = try json.string("series")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("issuedFrom", issuedFrom)
        try json.string("issuedTo", issuedTo)
        try json.string("buyerName", buyerName)
        try json.string("buyerTaxId", buyerTaxID)
        try json.string("minTotal", minTotal)
        try json.string("maxTotal", maxTotal)
        try json.enumeration("status", status)
        try json.enumeration("kind", kind)
        try json.string("series", series)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: InvoiceFilter.protobufName,
            unpack: { fapiao__invoice__v1__invoice_filter__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__invoice_filter__free_unpacked($0, nil) }
        ) { InvoiceFilter(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__invoice__v1__invoice_filter__get_packed_size,
            pack: fapiao__invoice__v1__invoice_filter__pack)
    }

    func protobuf(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Fapiao__Invoice__V1__InvoiceFilter> {
        arena.message(Fapiao__Invoice__V1__InvoiceFilter.self) { pointer in
            fapiao__invoice__v1__invoice_filter__init(pointer)
            pointer.pointee.issued_from = arena.string(issuedFrom)
            pointer.pointee.issued_to = arena.string(issuedTo)
            pointer.pointee.buyer_name = arena.string(buyerName)
            pointer.pointee.buyer_tax_id = arena.string(buyerTaxID)
            pointer.pointee.min_total = arena.string(minTotal)
            pointer.pointee.max_total = arena.string(maxTotal)
            pointer.pointee.status = Fapiao__Invoice__V1__InvoiceStatus(rawValue: status.rawValue)
            pointer.pointee.kind = Fapiao__Invoice__V1__InvoiceKind(rawValue: kind.rawValue)
            pointer.pointee.series = arena.string(series)
        }
    }

    init(protobuf filter: Fapiao__Invoice__V1__InvoiceFilter) {
        issuedFrom = ProtobufField.string(filter.issued_from)
        issuedTo = ProtobufField.string(filter.issued_to)
        buyerName = ProtobufField.string(filter.buyer_name)
        buyerTaxID = ProtobufField.string(filter.buyer_tax_id)
        minTotal = ProtobufField.string(filter.min_total)
        maxTotal = ProtobufField.string(filter.max_total)
        status = InvoiceStatus(protoNumber: filter.status.rawValue)
        kind = InvoiceKind(protoNumber: filter.kind.rawValue)
        series = ProtobufField.string(filter.series)
    }
}
