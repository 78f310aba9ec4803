import CFapiaoProto
import FapiaoWire

/// One message of the `AccessLogService/Export` stream: a digest, or one of
/// the entries that the digest before it seals (`fapiao.audit.v1.ExportRecord`).
public struct AccessLogExportRecord: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.ExportRecord"

    /// Content of the proto oneof `record`, which sets at most one of its fields.
    public enum Record: Sendable, Equatable {
        case digest(AccessLogDigest)
        case entry(AccessLogEntry)
    }

    /// The record's content, or nil when the oneof is not set.
    public var record: Record?

    public init(record: Record? = nil) {
        self.record = record
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: AccessLogExportRecord.protobufName,
            fields: ["digest", "entry"])
        let digest = try json.message(AccessLogDigest.self, "digest")
        let entry = try json.message(AccessLogEntry.self, "entry")
        switch (digest, entry) {
        case (let digest?, nil):
            record = .digest(digest)
        case (nil, let entry?):
            record = .entry(entry)
        case (nil, nil):
            record = nil
        case (.some, .some):
            // The protobuf conformance test Required.Proto3.JsonInput.OneofFieldDuplicate
            // expects this rejection, and OneofFieldNullFirst expects a null member
            // to count as unset, as the cases above treat it.
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "'digest' and 'entry' are both set in "
                        + "\(AccessLogExportRecord.protobufName), but they are members of "
                        + "the oneof 'record', so set only one of them"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        switch record {
        case .digest(let digest):
            try json.message("digest", digest)
        case .entry(let entry):
            try json.message("entry", entry)
        case nil:
            break
        }
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: AccessLogExportRecord.protobufName,
            unpack: { fapiao__audit__v1__export_record__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__export_record__free_unpacked($0, nil) }
        ) { AccessLogExportRecord(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__audit__v1__export_record__get_packed_size,
            pack: fapiao__audit__v1__export_record__pack)
    }

    /// protobuf-c 1.4 stores the oneof as `record_case` next to an anonymous
    /// union of the member pointers, and packs only the member that
    /// `record_case` names.
    func protobuf(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Fapiao__Audit__V1__ExportRecord> {
        arena.message(Fapiao__Audit__V1__ExportRecord.self) { pointer in
            fapiao__audit__v1__export_record__init(pointer)
            switch record {
            case .digest(let digest):
                pointer.pointee.record_case = FAPIAO__AUDIT__V1__EXPORT_RECORD__RECORD_DIGEST
                pointer.pointee.digest = digest.protobuf(in: arena)
            case .entry(let entry):
                pointer.pointee.record_case = FAPIAO__AUDIT__V1__EXPORT_RECORD__RECORD_ENTRY
                pointer.pointee.entry = entry.protobuf(in: arena)
            case nil:
                pointer.pointee.record_case = FAPIAO__AUDIT__V1__EXPORT_RECORD__RECORD__NOT_SET
            }
        }
    }

    /// Reads the union member that `record_case` names. protobuf-c keeps the
    /// last member on the wire when the bytes set both.
    init(protobuf exportRecord: Fapiao__Audit__V1__ExportRecord) {
        switch exportRecord.record_case {
        case FAPIAO__AUDIT__V1__EXPORT_RECORD__RECORD_DIGEST:
            record = exportRecord.digest.map { .digest(AccessLogDigest(protobuf: $0.pointee)) }
        case FAPIAO__AUDIT__V1__EXPORT_RECORD__RECORD_ENTRY:
            record = exportRecord.entry.map { .entry(AccessLogEntry(protobuf: $0.pointee)) }
        default:
            record = nil
        }
    }
}
