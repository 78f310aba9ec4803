import CFapiaoProto
import FapiaoWire

/// Sums over the invoices of one status, kind and tax rate in a
/// `ReconcileTotals` period (`fapiao.invoice.v1.TotalsRow`).
public struct TotalsRow: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.TotalsRow"

    public var status: InvoiceStatus
    public var kind: InvoiceKind
    /// Decimal fraction: "0.13" is 13 %.
    public var taxRate: String
    /// Number of invoices in the row.
    public var invoices: UInt64
    /// Number of invoice lines in the row.
    public var lines: UInt64
    /// Sum of the line amounts (net).
    public var amount: String
    /// Sum of the line tax amounts.
    public var tax: String
    /// ISO 4217 code of the amounts; rows of different currencies are kept apart.
    public var currency: String

    public init(
        status: InvoiceStatus = .unspecified, kind: InvoiceKind = .unspecified,
        taxRate: String = "", invoices: UInt64 = 0, lines: UInt64 = 0, amount: String = "",
        tax: String = "", currency: String = ""
    ) {
        self.status = status
        self.kind = kind
        self.taxRate = taxRate
        self.invoices = invoices
        self.lines = lines
        self.amount = amount
        self.tax = tax
        self.currency = currency
    }

    static let jsonFields = [
        "status", "kind", "taxRate", "invoices", "lines", "amount", "tax", "currency",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: TotalsRow.protobufName, fields: TotalsRow.jsonFields)
        status = try json.enumeration(InvoiceStatus.self, "status")
        kind = try json.enumeration(InvoiceKind.self, "kind")
        taxRate = try json.string("taxRate")
        invoices = try json.integer("invoices")
        lines = try json.integer("lines")
        amount = try json.string("amount")
        tax = try json.string("tax")
        currency = try json.string("currency")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.enumeration("status", status)
        try json.enumeration("kind", kind)
        try json.string("taxRate", taxRate)
        try json.integer64("invoices", invoices)
        try json.integer64("lines", lines)
        try json.string("amount", amount)
        try json.string("tax", tax)
        try json.string("currency", currency)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: TotalsRow.protobufName,
            unpack: { fapiao__invoice__v1__totals_row__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__totals_row__free_unpacked($0, nil) }
        ) { TotalsRow(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__invoice__v1__totals_row__get_packed_size,
            pack: fapiao__invoice__v1__totals_row__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Invoice__V1__TotalsRow> {
        arena.message(Fapiao__Invoice__V1__TotalsRow.self) { pointer in
            fapiao__invoice__v1__totals_row__init(pointer)
            pointer.pointee.status = Fapiao__Invoice__V1__InvoiceStatus(rawValue: status.rawValue)
            pointer.pointee.kind = Fapiao__Invoice__V1__InvoiceKind(rawValue: kind.rawValue)
            pointer.pointee.tax_rate = arena.string(taxRate)
            pointer.pointee.invoices = invoices
            pointer.pointee.lines = lines
            pointer.pointee.amount = arena.string(amount)
            pointer.pointee.tax = arena.string(tax)
            pointer.pointee.currency = arena.string(currency)
        }
    }

    init(protobuf row: Fapiao__Invoice__V1__TotalsRow) {
        status = InvoiceStatus(protoNumber: row.status.rawValue)
        kind = InvoiceKind(protoNumber: row.kind.rawValue)
        taxRate = ProtobufField.string(row.tax_rate)
        invoices = row.invoices
        lines = row.lines
        amount = ProtobufField.string(row.amount)
        tax = ProtobufField.string(row.tax)
        currency = ProtobufField.string(row.currency)
    }
}
