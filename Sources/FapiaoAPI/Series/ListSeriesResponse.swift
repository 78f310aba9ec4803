import CFapiaoProto
import FapiaoWire

/// Reply of `SeriesService/ListSeries` (`fapiao.invoice.v1.ListSeriesResponse`).
public struct ListSeriesResponse: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.ListSeriesResponse"

    public var series: [Series]

    public init(series: [Series] = []) {
        self.series = series
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListSeriesResponse.protobufName, fields: ["series"])
        series = try json.array(Series.self, "series")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("series", series)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListSeriesResponse.protobufName,
            unpack: { fapiao__invoice__v1__list_series_response__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__list_series_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListSeriesResponse(
                series: ProtobufField.array(message.series, count: message.n_series).map {
                    Series(protobuf: $0.pointee)
                })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__ListSeriesResponse()
        fapiao__invoice__v1__list_series_response__init(&message)
        message.n_series = series.count
        message.series = arena.pointerArray(series.map { $0.protobuf(in: arena) })
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__list_series_response__get_packed_size,
                pack: fapiao__invoice__v1__list_series_response__pack)
        }
    }
}
