import CFapiaoProto
import FapiaoWire

/// A line of an IssueInvoice request (`fapiao.invoice.v1.InvoiceLineInput`).
/// Quantities, prices and rates are decimal strings.
public struct InvoiceLineInput: Sendable, Equatable, Codable {
    public var itemName: String
    public var specification: String
    public var unit: String
    public var quantity: String
    public var unitPrice: String
    /// Decimal fraction: "0.13" is 13 %.
    public var taxRate: String

    public init(
        itemName: String = "", specification: String = "", unit: String = "",
        quantity: String = "", unitPrice: String = "", taxRate: String = ""
    ) {
        self.itemName = itemName
        self.specification = specification
        self.unit = unit
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.taxRate = taxRate
    }

    static let jsonFields = [
        "itemName", "specification", "unit", "quantity", "unitPrice", "taxRate",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: "fapiao.invoice.v1.InvoiceLineInput",
            fields: InvoiceLineInput.jsonFields)
        self.init(
            itemName: try json.string("itemName"),
            specification: try json.string("specification"), unit: try json.string("unit"),
            quantity: try json.string("quantity"), unitPrice: try json.string("unitPrice"),
            taxRate: try json.string("taxRate"))
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("itemName", itemName)
        try json.string("specification", specification)
        try json.string("unit", unit)
        try json.string("quantity", quantity)
        try json.string("unitPrice", unitPrice)
        try json.string("taxRate", taxRate)
    }

    func protobuf(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Fapiao__Invoice__V1__InvoiceLineInput> {
        arena.message(Fapiao__Invoice__V1__InvoiceLineInput.self) { pointer in
            fapiao__invoice__v1__invoice_line_input__init(pointer)
            pointer.pointee.item_name = arena.string(itemName)
            pointer.pointee.specification = arena.string(specification)
            pointer.pointee.unit = arena.string(unit)
            pointer.pointee.quantity = arena.string(quantity)
            pointer.pointee.unit_price = arena.string(unitPrice)
            pointer.pointee.tax_rate = arena.string(taxRate)
        }
    }

    init(protobuf line: Fapiao__Invoice__V1__InvoiceLineInput) {
        self.init(
            itemName: ProtobufField.string(line.item_name),
            specification: ProtobufField.string(line.specification),
            unit: ProtobufField.string(line.unit), quantity: ProtobufField.string(line.quantity),
            unitPrice: ProtobufField.string(line.unit_price),
            taxRate: ProtobufField.string(line.tax_rate))
    }
}
