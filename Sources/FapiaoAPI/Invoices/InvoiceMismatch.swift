import CFapiaoProto
import FapiaoWire

/// An invoice whose stored content hash differs from the hash recomputed over
/// its content (`fapiao.invoice.v1.InvoiceMismatch`).
public struct InvoiceMismatch: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.InvoiceMismatch"

    public var invoiceID: String
    public var displayNumber: String
    public var storedHash: String
    public var computedHash: String

    public init(
        invoiceID: String = "", displayNumber: String = "", storedHash: String = "",
        computedHash: String = ""
    ) {
        self.invoiceID = invoiceID
        self.displayNumber = displayNumber
        self.storedHash = storedHash
        self.computedHash = computedHash
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: InvoiceMismatch.protobufName,
            fields: ["invoiceId", "displayNumber", "storedHash", "computedHash"])
        invoiceID = try json.string("invoiceId")
        displayNumber = try json.string("displayNumber")
        storedHash = try json.string("storedHash")
        computedHash = try json.string("computedHash")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("invoiceId", invoiceID)
        try json.string("displayNumber", displayNumber)
        try json.string("storedHash", storedHash)
        try json.string("computedHash", computedHash)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: InvoiceMismatch.protobufName,
            unpack: { fapiao__invoice__v1__invoice_mismatch__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__invoice_mismatch__free_unpacked($0, nil) }
        ) { InvoiceMismatch(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__invoice__v1__invoice_mismatch__get_packed_size,
            pack: fapiao__invoice__v1__invoice_mismatch__pack)
    }

    func protobuf(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Fapiao__Invoice__V1__InvoiceMismatch> {
        arena.message(Fapiao__Invoice__V1__InvoiceMismatch.self) { pointer in
            fapiao__invoice__v1__invoice_mismatch__init(pointer)
            pointer.pointee.invoice_id = arena.string(invoiceID)
            pointer.pointee.display_number = arena.string(displayNumber)
            pointer.pointee.stored_hash = arena.string(storedHash)
            pointer.pointee.computed_hash = arena.string(computedHash)
        }
    }

    init(protobuf mismatch: Fapiao__Invoice__V1__InvoiceMismatch) {
        invoiceID = ProtobufField.string(mismatch.invoice_id)
        displayNumber = ProtobufField.string(mismatch.display_number)
        storedHash = ProtobufField.string(mismatch.stored_hash)
        computedHash = ProtobufField.string(mismatch.computed_hash)
    }
}
