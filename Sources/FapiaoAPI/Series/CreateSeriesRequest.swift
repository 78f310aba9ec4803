import CFapiaoProto
import FapiaoWire

/// Request of `SeriesService/CreateSeries` (`fapiao.invoice.v1.CreateSeriesRequest`).
public struct CreateSeriesRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.CreateSeriesRequest"

    public var series: Series?

    public init(series: Series? = nil) {
        self.series = series
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: CreateSeriesRequest.protobufName, fields: ["series"])
        series = try json.message(Series.self, "series")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.message("series", series)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: CreateSeriesRequest.protobufName,
            unpack: { fapiao__invoice__v1__create_series_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__create_series_request__free_unpacked($0, nil) }
        ) { pointer in
            CreateSeriesRequest(series: pointer.pointee.series.map { Series(protobuf: $0.pointee) })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Invoice__V1__CreateSeriesRequest()
        fapiao__invoice__v1__create_series_request__init(&message)
        message.series = series?.protobuf(in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__create_series_request__get_packed_size,
                pack: fapiao__invoice__v1__create_series_request__pack)
        }
    }
}
