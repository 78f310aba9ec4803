import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/IssueCreditNote`
/// (`fapiao.invoice.v1.IssueCreditNoteRequest`).
///
/// Like IssueInvoice, the call needs an `idempotency-key` metadata entry.
public struct IssueCreditNoteRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.IssueCreditNoteRequest"

    public var originalInvoiceID: String
    public var reason: CreditReason
    /// Lines to reverse, with positive quantities, or empty to reverse the
    /// whole invoice. Only `salesReturn` and `salesDiscount` may list lines.
    public var lines: [InvoiceLineInput]
    public var remarks: String
    public var issuer: String

    public init(
        originalInvoiceID: String = "", reason: CreditReason = .unspecified,
        lines: [InvoiceLineInput] = [], remarks: String = "", issuer: String = ""
    ) {
        self.originalInvoiceID = originalInvoiceID
        self.reason = reason
        self.lines = lines
        self.remarks = remarks
        self.issuer = issuer
    }

    static let jsonFields = ["originalInvoiceId", "reason", "lines", "remarks", "issuer"]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: IssueCreditNoteRequest.protobufName,
            fields: IssueCreditNoteRequest.jsonFields)
        originalInvoiceID = try json.string("originalInvoiceId")
        reason = try json.enumeration(CreditReason.self, "reason")
        lines = try json.array(InvoiceLineInput.self, "lines")
        remarks = try json.string("remarks")
        issuer = try json.string("issuer")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("originalInvoiceId", originalInvoiceID)
        try json.enumeration("reason", reason)
        try json.array("lines", lines)
        try json.string("remarks", remarks)
        try json.string("issuer", issuer)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: IssueCreditNoteRequest.protobufName,
            unpack: { fapiao__invoice__v1__issue_credit_note_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__issue_credit_note_request__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return IssueCreditNoteRequest(
                originalInvoiceID: ProtobufField.string(message.original_invoice_id),
                reason: CreditReason(protoNumber: message.reason.rawValue),
                lines: ProtobufField.array(message.lines, count: message.n_lines).map {
                    InvoiceLineInput(protobuf: $0.pointee)
                },
                remarks: ProtobufField.string(message.remarks),
                issuer: ProtobufField.string(message.issuer))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__IssueCreditNoteRequest()
        fapiao__invoice__v1__issue_credit_note_request__init(&message)
        message.original_invoice_id = arena.string(originalInvoiceID)
        message.reason = Fapiao__Invoice__V1__CreditReason(rawValue: reason.rawValue)
        message.n_lines = lines.count
        message.lines = arena.pointerArray(lines.map { $0.protobuf(in: arena) })
        message.remarks = arena.string(remarks)
        message.issuer = arena.string(issuer)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__issue_credit_note_request__get_packed_size,
                pack: fapiao__invoice__v1__issue_credit_note_request__pack)
        }
    }
}
