import CFapiaoProto
import FapiaoWire

/// A line of an issued invoice (`fapiao.invoice.v1.InvoiceLine`).
public struct InvoiceLine: Sendable, Equatable, Codable {
    /// Position of the line, starting at 1.
    public var lineNumber: UInt32
    public var itemName: String
    public var specification: String
    public var unit: String
    public var quantity: String
    public var unitPrice: String
    public var taxRate: String
    /// quantity x unitPrice, rounded half away from zero to the minor unit.
    public var amount: String
    /// amount x taxRate, rounded half away from zero to the minor unit.
    public var taxAmount: String

    public init(
        lineNumber: UInt32 = 0, itemName: String = "", specification: String = "",
        unit: String = "", quantity: String = "", unitPrice: String = "", taxRate: String = "",
        amount: String = "", taxAmount: String = ""
    ) {
        self.lineNumber = lineNumber
        self.itemName = itemName
        self.specification = specification
        self.unit = unit
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.taxRate = taxRate
        self.amount = amount
        self.taxAmount = taxAmount
    }

    static let jsonFields = [
        "lineNumber", "itemName", "specification", "unit", "quantity", "unitPrice", "taxRate",
        "amount", "taxAmount",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: "fapiao.invoice.v1.InvoiceLine", fields: InvoiceLine.jsonFields)
        self.init(
            lineNumber: try json.integer("lineNumber"), itemName: try json.string("itemName"),
            specification: try json.string("specification"), unit: try json.string("unit"),
            quantity: try json.string("quantity"), unitPrice: try json.string("unitPrice"),
            taxRate: try json.string("taxRate"), amount: try json.string("amount"),
            taxAmount: try json.string("taxAmount"))
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.integer32("lineNumber", lineNumber)
        try json.string("itemName", itemName)
        try json.string("specification", specification)
        try json.string("unit", unit)
        try json.string("quantity", quantity)
        try json.string("unitPrice", unitPrice)
        try json.string("taxRate", taxRate)
        try json.string("amount", amount)
        try json.string("taxAmount", taxAmount)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Invoice__V1__InvoiceLine>
    {
        arena.message(Fapiao__Invoice__V1__InvoiceLine.self) { pointer in
            fapiao__invoice__v1__invoice_line__init(pointer)
            pointer.pointee.line_number = lineNumber
            pointer.pointee.item_name = arena.string(itemName)
            pointer.pointee.specification = arena.string(specification)
            pointer.pointee.unit = arena.string(unit)
            pointer.pointee.quantity = arena.string(quantity)
            pointer.pointee.unit_price = arena.string(unitPrice)
            pointer.pointee.tax_rate = arena.string(taxRate)
            pointer.pointee.amount = arena.string(amount)
            pointer.pointee.tax_amount = arena.string(taxAmount)
        }
    }

    init(protobuf line: Fapiao__Invoice__V1__InvoiceLine) {
        self.init(
            lineNumber: line.line_number, itemName: ProtobufField.string(line.item_name),
            specification: ProtobufField.string(line.specification),
            unit: ProtobufField.string(line.unit), quantity: ProtobufField.string(line.quantity),
            unitPrice: ProtobufField.string(line.unit_price),
            taxRate: ProtobufField.string(line.tax_rate),
            amount: ProtobufField.string(line.amount),
            taxAmount: ProtobufField.string(line.tax_amount))
    }
}
