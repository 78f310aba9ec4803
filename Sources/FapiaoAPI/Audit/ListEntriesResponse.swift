import CFapiaoProto
import FapiaoWire

/// Reply of `AccessLogService/ListEntries` (`fapiao.audit.v1.ListEntriesResponse`).
public struct ListEntriesResponse: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.ListEntriesResponse"

    /// Entries of the page, oldest first by entry id.
    public var entries: [AccessLogEntry]
    /// Token for the next page, or empty on the last page.
    public var nextPageToken: String

    public init(entries: [AccessLogEntry] = [], nextPageToken: String = "") {
        self.entries = entries
        self.nextPageToken = nextPageToken
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListEntriesResponse.protobufName,
            fields: ["entries", "nextPageToken"])
        entries = try json.array(AccessLogEntry.self, "entries")
        nextPageToken = try json.string("nextPageToken")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.array("entries", entries)
        try json.string("nextPageToken", nextPageToken)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListEntriesResponse.protobufName,
            unpack: { fapiao__audit__v1__list_entries_response__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__list_entries_response__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListEntriesResponse(
                entries: ProtobufField.array(message.entries, count: message.n_entries).map {
                    AccessLogEntry(protobuf: $0.pointee)
                },
                nextPageToken: ProtobufField.string(message.next_page_token))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Audit__V1__ListEntriesResponse()
        fapiao__audit__v1__list_entries_response__init(&message)
        message.n_entries = entries.count
        message.entries = arena.pointerArray(entries.map { $0.protobuf(in: arena) })
        message.next_page_token = arena.string(nextPageToken)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__audit__v1__list_entries_response__get_packed_size,
                pack: fapiao__audit__v1__list_entries_response__pack)
        }
    }
}
