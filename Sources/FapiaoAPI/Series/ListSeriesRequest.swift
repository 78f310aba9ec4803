import CFapiaoProto
import FapiaoWire

/// Request of `SeriesService/ListSeries` (`fapiao.invoice.v1.ListSeriesRequest`).
public struct ListSeriesRequest: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.ListSeriesRequest"

    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try ProtoJSONReader(from: decoder, message: ListSeriesRequest.protobufName, fields: [])
    }

    public func encode(to encoder: any Encoder) throws {
        _ = ProtoJSONWriter(to: encoder)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListSeriesRequest.protobufName,
            unpack: { fapiao__invoice__v1__list_series_request__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__list_series_request__free_unpacked($0, nil) }
        ) { _ in ListSeriesRequest() }
    }

    public func protobufBytes() -> [UInt8] {
        var message = Fapiao__Invoice__V1__ListSeriesRequest()
        fapiao__invoice__v1__list_series_request__init(&message)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__invoice__v1__list_series_request__get_packed_size,
                pack: fapiao__invoice__v1__list_series_request__pack)
        }
    }
}
