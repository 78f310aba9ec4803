import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/AcknowledgeInvoice` and `InvoiceService/ArchiveInvoice`
/// (`fapiao.invoice.v1.InvoiceTransitionRequest`).
///
/// AcknowledgeInvoice moves a DELIVERED invoice to ACKNOWLEDGED. ArchiveInvoice
/// moves an ACKNOWLEDGED, REVERSED or PARTIALLY_REVERSED invoice to ARCHIVED.
public struct InvoiceTransitionRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.InvoiceTransitionRequest"

    public var id: String

    public init(id: String = "") {
        self.id = id
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: InvoiceTransitionRequest.protobufName, fields: ["id"])
        id = try json.string("id")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: InvoiceTransitionRequest.protobufName,
            unpack: { fapiao__invoice__v1__invoice_transition_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__invoice_transition_request__free_unpacked($0, nil) }
        ) { InvoiceTransitionRequest(id: ProtobufField.string($0.pointee.id)) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__InvoiceTransitionRequest()
        fapiao__invoice__v1__invoice_transition_request__init(&message)
        message.id = arena.string(id)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__invoice_transition_request__get_packed_size,
                pack: fapiao__invoice__v1__invoice_transition_request__pack)
        }
    }
}
