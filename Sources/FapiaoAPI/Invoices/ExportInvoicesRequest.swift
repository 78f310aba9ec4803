import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/ExportInvoices` (`fapiao.invoice.v1.ExportInvoicesRequest`).
public struct ExportInvoicesRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.ExportInvoicesRequest"

    public var filter: InvoiceFilter?

    public init(filter: InvoiceFilter? = nil) {
        self.filter = filter
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ExportInvoicesRequest.protobufName, fields: ["filter"])
        filter = try json.message(InvoiceFilter.self, "filter")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.message("filter", filter)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ExportInvoicesRequest.protobufName,
            unpack: { fapiao__invoice__v1__export_invoices_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__export_invoices_request__free_unpacked($0, nil) }
        ) { pointer in
            ExportInvoicesRequest(
                filter: pointer.pointee.filter.map { InvoiceFilter(protobuf: $0.pointee) })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__ExportInvoicesRequest()
        fapiao__invoice__v1__export_invoices_request__init(&message)
        message.filter = filter?.protobuf(in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__export_invoices_request__get_packed_size,
                pack: fapiao__invoice__v1__export_invoices_request__pack)
        }
    }
}
