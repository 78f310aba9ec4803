import CFapiaoProto
import FapiaoWire

/// Request of `AccessLogService/ListEntries` (`fapiao.audit.v1.ListEntriesRequest`),
/// which needs the `audit.read` permission. Every filter is optional.
public struct ListEntriesRequest: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.ListEntriesRequest"

    /// RFC 3339 start time, inclusive.
    public var from: String
    /// RFC 3339 end time, exclusive.
    public var to: String
    public var principalID: String
    public var method: String
    public var resourceType: String
    public var resourceID: String
    /// `ok`, `failed` or a status code name such as `PERMISSION_DENIED`.
    public var outcome: String
    /// Maximum number of entries per page, 1 to 1000, or 0 for the server's
    /// default of 100.
    public var pageSize: UInt32
    /// `nextPageToken` of the previous page, or empty for the first page.
    public var pageToken: String

    public init(
        from: String = "", to: String = "", principalID: String = "", method: String = "",
        resourceType: String = "", resourceID: String = "", outcome: String = "",
        pageSize: UInt32 = 0, pageToken: String = ""
    ) {
        self.from = from
        self.to = to
        self.principalID = principalID
        self.method = method
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.outcome = outcome
        self.pageSize = pageSize
        self.pageToken = pageToken
    }

    static let jsonFields = [
        "from", "to", "principalId", "method", "resourceType", "resourceId", "outcome",
        "pageSize", "pageToken",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: ListEntriesRequest.protobufName,
            fields: ListEntriesRequest.jsonFields)
        from = try json.string("from")
        to = try json.string("to")
        principalID = try json.string("principalId")
        method = try json.string("method")
        resourceType = try json.string("resourceType")
        resourceID = try json.string("resourceId")
        outcome = try json.string("outcome")
        pageSize = try json.integer("pageSize")
        pageToken = try json.string("pageToken")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("from", from)
        try json.string("to", to)
        try json.string("principalId", principalID)
        try json.string("method", method)
        try json.string("resourceType", resourceType)
        try json.string("resourceId", resourceID)
        try json.string("outcome", outcome)
        try json.integer32("pageSize", pageSize)
        try json.string("pageToken", pageToken)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: ListEntriesRequest.protobufName,
            unpack: { fapiao__audit__v1__list_entries_request__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__list_entries_request__free_unpacked($0, nil) }
        ) { pointer in
            let message = pointer.pointee
            return ListEntriesRequest(
                from: ProtobufField.string(message.from), to: ProtobufField.string(message.to),
                principalID: ProtobufField.string(message.principal_id),
                method: ProtobufField.string(message.method),
                resourceType: ProtobufField.string(message.resource_type),
                resourceID: ProtobufField.string(message.resource_id),
                outcome: ProtobufField.string(message.outcome), pageSize: message.page_size,
                pageToken: ProtobufField.string(message.page_token))
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Audit__V1__ListEntriesRequest()
        fapiao__audit__v1__list_entries_request__init(&message)
        message.from = arena.string(from)
        message.to = arena.string(to)
        message.principal_id = arena.string(principalID)
        message.method = arena.string(method)
        message.resource_type = arena.string(resourceType)
        message.resource_id = arena.string(resourceID)
        message.outcome = arena.string(outcome)
        message.page_size = pageSize
        message.page_token = arena.string(pageToken)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__audit__v1__list_entries_request__get_packed_size,
                pack: fapiao__audit__v1__list_entries_request__pack)
        }
    }
}
