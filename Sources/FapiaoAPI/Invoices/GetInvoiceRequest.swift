import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/GetInvoice` (`fapiao.invoice.v1.GetInvoiceRequest`).
///
/// A request gives either `id`, or `series` and `number`.
public struct GetInvoiceRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.GetInvoiceRequest"

    public var id: String
    public var series: String
    public var number: UInt64

    public init(id: String = "") {
        self.id = id
        self.series = ""
        self.number = 0
    }

    public init(series: String, number: UInt64) {
        self.id = ""
        self.series = series
        self.number = number
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: GetInvoiceRequest.protobufName,
            fields: ["id", "series", "number"])
        id = try json.string("id")
        series = try json.string("series")
        number = try json.integer("number")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
        try json.string("series", series)
        try json.integer64("number", number)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: GetInvoiceRequest.protobufName,
            unpack: { fapiao__invoice__v1__get_invoice_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__get_invoice_request__free_unpacked($0, nil) }
        ) { pointer in
            var request = GetInvoiceRequest(id: ProtobufField.string(pointer.pointee.id))
            request.series = ProtobufField.string(pointer.pointee.series)
            request.number = pointer.pointee.number
            return request
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__GetInvoiceRequest()
        fapiao__invoice__v1__get_invoice_request__init(&message)
        message.id = arena.string(id)
        message.series = arena.string(series)
        message.number = number
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__get_invoice_request__get_packed_size,
                pack: fapiao__invoice__v1__get_invoice_request__pack)
        }
    }
}
