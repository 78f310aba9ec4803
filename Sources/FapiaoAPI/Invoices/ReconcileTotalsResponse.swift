import CFapiaoProto
import FapiaoWire

/// Reply of `InvoiceService/ReconcileTotals`
/// (`fapiao.invoice.v1.ReconcileTotalsResponse`).
public struct ReconcileTotalsResponse: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.ReconcileTotalsResponse"

    /// Month of the totals, as in the request.
    public var period: String
    public var rows: [TotalsRow]

    public init(period: String = "", rows: [TotalsRow] = []) {
        self.period = period
        self.rows = rows
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ReconcileTotalsResponse.protobufName,
            fields: ["period", "rows"])
        period = try json.string("period")
        rows = try json.array(TotalsRow.self, "rows")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("period", period)
        try json.array("rows", rows)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ReconcileTotalsResponse.protobufName,
            unpack: { fapiao__invoice__v1__reconcile_totals_response__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__reconcile_totals_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ReconcileTotalsResponse(
                period: ProtobufField.string(message.period),
                rows: ProtobufField.array(message.rows, count: message.n_rows).map {
                    TotalsRow(protobuf: $0.pointee)
                })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__ReconcileTotalsResponse()
        fapiao__invoice__v1__reconcile_totals_response__init(&message)
        message.period = arena.string(period)
        message.n_rows = rows.count
        message.rows = arena.pointerArray(rows.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__reconcile_totals_response__get_packed_size,
                pack: fapiao__invoice__v1__reconcile_totals_response__pack)
        }
    }
}
