import CFapiaoProto
import FapiaoWire

/// An invoice numbering series (`fapiao.invoice.v1.Series`).
public struct Series: ProtobufMessage {
    public static let protobufName = "fapiao.invoice.v1.Series"

    /// Upper-case code of at most 32 characters from A-Z, 0-9, '_' and '-'.
    public var code: String
    /// Text printed before the number.
    public var prefix: String
    /// Whether the printed number contains the issue year.
    public var includeYear: Bool
    /// Digits of the zero-padded printed number, 1 to 18.
    public var numberWidth: UInt32
    /// Number that the next invoice of the series gets.
    public var nextNumber: UInt64
    public var createdAt: String

    public init(
        code: String = "", prefix: String = "", includeYear: Bool = false,
        numberWidth: UInt32 = 0, nextNumber: UInt64 = 0, createdAt: String = ""
    ) {
        self.code = code
        self.prefix = prefix
        self.includeYear = includeYear
        self.numberWidth = numberWidth
        self.nextNumber = nextNumber
        self.createdAt = createdAt
    }

    static let jsonFields = [
        "code", "prefix", "includeYear", "numberWidth", "nextNumber", "createdAt",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: Series.protobufName, fields: Series.jsonFields)
        code = try json.string("code")
        prefix = try json.string("prefix")
        includeYear = try json.bool("includeYear")
        numberWidth = try json.integer("numberWidth")
        nextNumber = try json.integer("nextNumber")
        createdAt = try json.string("createdAt")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("code", code)
        try json.string("prefix", prefix)
        try json.bool("includeYear", includeYear)
        try json.integer32("numberWidth", numberWidth)
        try json.integer64("nextNumber", nextNumber)
        try json.string("createdAt", createdAt)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: Series.protobufName,
            unpack: { fapiao__invoice__v1__series__unpack(nil, $0, $1) },
            free: { fapiao__invoice__v1__series__free_unpacked($0, nil) }
        ) { Series(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__invoice__v1__series__get_packed_size,
            pack: fapiao__invoice__v1__series__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Invoice__V1__Series> {
        arena.message(Fapiao__Invoice__V1__Series.self) { pointer in
            fapiao__invoice__v1__series__init(pointer)
            pointer.pointee.code = arena.string(code)
            pointer.pointee.prefix = arena.string(prefix)
            pointer.pointee.include_year = includeYear ? 1 : 0
            pointer.pointee.number_width = numberWidth
            pointer.pointee.next_number = nextNumber
            pointer.pointee.created_at = arena.string(createdAt)
        }
    }

    init(protobuf series: Fapiao__Invoice__V1__Series) {
        code = ProtobufField.string(series.code)
        prefix = ProtobufField.string(series.prefix)
        includeYear = series.include_year != 0
        numberWidth = series.number_width
        nextNumber = series.next_number
        createdAt = ProtobufField.string(series.created_at)
    }
}
