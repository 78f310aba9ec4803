import CFapiaoProto
import FapiaoWire

/// Request of `InvoiceService/ReconcileTotals`
/// (`fapiao.invoice.v1.ReconcileTotalsRequest`).
public struct ReconcileTotalsRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.ReconcileTotalsRequest"

    /// Month in China Standard Time, for example "2026-11".
    public var period: String

    public init(period: String = "") {
        self.period = period
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ReconcileTotalsRequest.protobufName, fields: ["period"])
        period = try json.string("period")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("period", period)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ReconcileTotalsRequest.protobufName,
            unpack: { fapiao__invoice__v1__reconcile_totals_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__reconcile_totals_request__free_unpacked($0, nil) }
        ) { ReconcileTotalsRequest(period: ProtobufField.string($0.pointee.period)) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__ReconcileTotalsRequest()
        fapiao__invoice__v1__reconcile_totals_request__init(&message)
        message.period = arena.string(period)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__reconcile_totals_request__get_packed_size,
                pack: fapiao__invoice__v1__reconcile_totals_request__pack)
        }
    }
}
