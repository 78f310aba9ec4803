import CFapiaoProto
import FapiaoWire

/// Reply of `InvoiceService/VerifyInvoices` (`fapiao.invoice.v1.VerifyInvoicesResponse`).
public struct VerifyInvoicesResponse: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.VerifyInvoicesResponse"

    /// Number of invoices whose hash the server recomputed.
    public var checked: UInt64
    public var mismatches: [InvoiceMismatch]

    public init(checked: UInt64 = 0, mismatches: [InvoiceMismatch] = []) {
        self.checked = checked
        self.mismatches = mismatches
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: VerifyInvoicesResponse.protobufName,
            fields: ["checked", "mismatches"])
        checked = try json.integer("checked")
        mismatches = try json.array(InvoiceMismatch.self, "mismatches")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.integer64("checked", checked)
        try json.array("mismatches", mismatches)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: VerifyInvoicesResponse.protobufName,
            unpack: { fapiao__invoice__v1__verify_invoices_response__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__verify_invoices_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return VerifyInvoicesResponse(
                checked: message.checked,
                mismatches: ProtobufField.array(message.mismatches, count: message.n_mismatches)
                    .map { InvoiceMismatch(protobuf: $0.pointee) })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__VerifyInvoicesResponse()
        fapiao__invoice__v1__verify_invoices_response__init(&message)
        message.checked = checked
        message.n_mismatches = mismatches.count
        message.mismatches = arena.pointerArray(mismatches.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__verify_invoices_response__get_packed_size,
                pack: fapiao__invoice__v1__verify_invoices_response__pack)
        }
    }
}
