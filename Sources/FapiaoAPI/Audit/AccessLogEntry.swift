import CFapiaoProto
import FapiaoWire

/// One call as the access log recorded it (`fapiao.audit.v1.AccessLogEntry`).
public struct AccessLogEntry: ProtobufMessage {
    public static let protobufName = "fapiao.audit.v1.AccessLogEntry"

    public var tenantID: String
    /// Insertion id, which increases but has gaps where transactions rolled back.
    public var entryID: UInt64
    /// Position in the tenant's sealed sequence (1, 2, 3, … without gaps), or 0
    /// while the entry is not sealed yet.
    public var sealSequence: UInt64
    /// RFC 3339 time in UTC with microseconds.
    public var time: String
    public var principalID: String
    public var principalName: String
    /// `api_key:<key id>` or `certificate:<fingerprint>`, or empty when the
    /// call had no valid credential.
    public var credential: String
    public var clientAddress: String
    public var requestID: String
    public var method: String
    public var resourceType: String
    public var resourceID: String
    /// gRPC status code of the outcome, where 0 is OK.
    public var statusCode: UInt32
    public var statusMessage: String
    /// Before and after values of the changed fields as a JSON object with
    /// sorted keys, `{"field":{"after":…,"before":…}}`, or empty when nothing changed.
    public var changes: String
    /// Hex SHA-256 of the entry's canonical encoding, or empty while unsealed.
    public var entryHash: String

    public init(
        tenantID: String = "", entryID: UInt64 = 0, sealSequence: UInt64 = 0, time: String = "",
        principalID: String = "", principalName: String = "", credential: String = "",
        clientAddress: String = "", requestID: String = "", method: String = "",
        resourceType: String = "", resourceID: String = "", statusCode: UInt32 = 0,
        statusMessage: String = "", changes: String = "", entryHash: String = ""
    ) {
        self.tenantID = tenantID
        self.entryID = entryID
        self.sealSequence = sealSequence
        self.time = time
        self.principalID = principalID
        self.principalName = principalName
        self.credential = credential
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.method = method
        self.resourceType = resourceType
        self.resourceID = resourceID
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.changes = changes
        self.entryHash = entryHash
    }

    static let jsonFields = [
        "tenantId", "entryId", "sealSequence", "time", "principalId", "principalName",
        "credential", "clientAddress", "requestId", "method", "resourceType", "resourceId",
        "statusCode", "statusMessage", "changes", "entryHash",
    ]

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: AccessLogEntry.protobufName,
            fields: AccessLogEntry.jsonFields)
        tenantID = try json.string("tenantId")
        entryID = try json.integer("entryId")
        sealSequence = try json.integer("sealSequence")
        time = try json.string("time")
        principalID = try json.string("principalId")
        principalName = try json.string("principalName")
        credential = try json.string("credential")
        clientAddress = try json.string("clientAddress")
        requestID = try json.string("requestId")
        method = try json.string("method")
        resourceType = try json.string("resourceType")
        resourceID = try json.string("resourceId")
        statusCode = try json.integer("statusCode")
        statusMessage = try json.string("statusMessage")
        changes = try json.string("changes")
        entryHash = try json.string("entryHash")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("tenantId", tenantID)
        try json.integer64("entryId", entryID)
        try json.integer64("sealSequence", sealSequence)
        try json.string("time", time)
        try json.string("principalId", principalID)
        try json.string("principalName", principalName)
        try json.string("credential", credential)
        try json.string("clientAddress", clientAddress)
        try json.string("requestId", requestID)
        try json.string("method", method)
        try json.string("resourceType", resourceType)
        try json.string("resourceId", resourceID)
        try json.integer32("statusCode", statusCode)
        try json.string("statusMessage", statusMessage)
        try json.string("changes", changes)
        try json.string("entryHash", entryHash)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: AccessLogEntry.protobufName,
            unpack: { fapiao__audit__v1__access_log_entry__unpack(nil, $0, $1) },
            free: { fapiao__audit__v1__access_log_entry__free_unpacked($0, nil) }
        ) { AccessLogEntry(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__audit__v1__access_log_entry__get_packed_size,
            pack: fapiao__audit__v1__access_log_entry__pack)
    }

    func protobuf(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Fapiao__Audit__V1__AccessLogEntry> {
        arena.message(Fapiao__Audit__V1__AccessLogEntry.self) { pointer in
            fapiao__audit__v1__access_log_entry__init(pointer)
            pointer.pointee.tenant_id = arena.string(tenantID)
            pointer.pointee.entry_id = entryID
            pointer.pointee.seal_sequence = sealSequence
            pointer.pointee.time = arena.string(time)
            pointer.pointee.principal_id = arena.string(principalID)
            pointer.pointee.principal_name = arena.string(principalName)
            pointer.pointee.credential = arena.string(credential)
            pointer.pointee.client_address = arena.string(clientAddress)
            pointer.pointee.request_id = arena.string(requestID)
            pointer.pointee.method = arena.string(method)
            pointer.pointee.resource_type = arena.string(resourceType)
            pointer.pointee.resource_id = arena.string(resourceID)
            pointer.pointee.status_code = statusCode
            pointer.pointee.status_message = arena.string(statusMessage)
            pointer.pointee.changes = arena.string(changes)
            pointer.pointee.entry_hash = arena.string(entryHash)
        }
    }

    init(protobuf entry: Fapiao__Audit__V1__AccessLogEntry) {
        tenantID = ProtobufField.string(entry.tenant_id)
        entryID = entry.entry_id
        sealSequence = entry.seal_sequence
        time = ProtobufField.string(entry.time)
        principalID = ProtobufField.string(entry.principal_id)
        principalName = ProtobufField.string(entry.principal_name)
        credential = ProtobufField.string(entry.credential)
        clientAddress = ProtobufField.string(entry.client_address)
        requestID = ProtobufField.string(entry.request_id)
        method = ProtobufField.string(entry.method)
        resourceType = ProtobufField.string(entry.resource_type)
        resourceID = ProtobufField.string(entry.resource_id)
        statusCode = entry.status_code
        statusMessage = ProtobufField.string(entry.status_message)
        changes = ProtobufField.string(entry.changes)
        entryHash = ProtobufField.string(entry.entry_hash)
    }
}
