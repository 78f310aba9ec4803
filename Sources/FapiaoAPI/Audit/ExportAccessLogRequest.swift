import CFapiaoProto
import FapiaoWire

/// Request of `AccessLogService/Export` (`fapiao.audit.v1.ExportRequest`), which
/// needs the `audit.export` permission. The server streams every digest that
/// seals an entry with a time in [`from`, `to`), each followed by all of its
/// entries in seal order, so that the export verifies on its own.
public struct ExportAccessLogRequest: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.ExportRequest"

    /// RFC 3339 start time, inclusive.
    public var from: String
    /// RFC 3339 end time, exclusive.
    public var to: String

    public init(from: String = "", to: String = "") {
        self.from = from
        self.to = to
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ExportAccessLogRequest.protobufName, fields: ["from", "to"])
        from = try json.string("from")
        to = try json.string("to")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("from", from)
        try json.string("to", to)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ExportAccessLogRequest.protobufName,
            unpack: { fapiao__audit__v1__export_request__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__export_request__free_unpacked($0, nil) }
        ) { pointer in
            ExportAccessLogRequest(
                from: ProtobufField.string(pointer.pointee.from),
                to: ProtobufField.string(pointer.pointee.to))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Audit__V1__ExportRequest()
        fapiao__audit__v1__export_request__init(&message)
        message.from = arena.string(from)
        message.to = arena.string(to)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__audit__v1__export_request__get_packed_size,
                pack: fapiao__audit__v1__export_request__pack)
        }
    }
}
