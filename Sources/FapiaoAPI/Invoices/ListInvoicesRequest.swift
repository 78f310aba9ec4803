import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/ListInvoices` (`fapiao.invoice.v1.ListInvoicesRequest`).
public struct ListInvoicesRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.ListInvoicesRequest"

    public var filter: InvoiceFilter?
    /// Maximum number of invoices per page, 1 to 1000, or 0 for the server's
    /// default of 100.
    public var pageSize: UInt32
    /// `nextPageToken` of the previous page, or empty for the first page.
    public var pageToken: String

    public init(filter: InvoiceFilter? = nil, pageSize: UInt32 = 0, pageToken: String = "") {
        self.filter = filter
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListInvoicesRequest.protobufName,
            fields: ["filter", "pageSize", "pageToken"])
        filter = try json.message(InvoiceFilter.self, "filter")
        pageSize = try json.integer("pageSize")
        pageToken = try json.string("pageToken")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.message("filter", filter)
        try json.integer32("pageSize", pageSize)
        try json.string("pageToken", pageToken)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListInvoicesRequest.protobufName,
            unpack: { fapiao__invoice__v1__list_invoices_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__list_invoices_request__free_unpacked($0, nil) }
        ) { pointer in
            ListInvoicesRequest(
                filter: pointer.pointee.filter.map { InvoiceFilter(protobuf: $0.pointee) },
                pageSize: pointer.pointee.page_size,
                pageToken: ProtobufField.string(pointer.pointee.page_token))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__ListInvoicesRequest()
        fapiao__invoice__v1__list_invoices_request__init(&message)
        message.filter = filter?.protobuf(in: arena)
        message.page_size = pageSize
        message.page_token = arena.string(pageToken)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__list_invoices_request__get_packed_size,
                pack: fapiao__invoice__v1__list_invoices_request__pack)
        }
    }
}
