import CFapiaoProto
import FapiaoWire

/// State of a tenant (`fapiao.tenant.v1.TenantStatus`).
public enum TenantStatus: UInt32, ProtoEnum {
    case unspecified = 0
    case active = 1
    case suspended = 2

    public static let protoEnumName = "fapiao.tenant.v1.TenantStatus"
    public static let defaultValue = TenantStatus.unspecified

    public var protoName: String {
        switch self {
        case .unspecified: "TENANT_STATUS_UNSPECIFIED"
        case .active: "TENANT_STATUS_ACTIVE"
        case .suspended: "TENANT_STATUS_SUSPENDED"
        }
    }

    public var protoNumber: UInt32 { rawValue }

    public init(protoNumber: UInt32) {
        self = TenantStatus(rawValue: protoNumber) ?? .unspecified
    }
}

/// An enterprise and all its data (`fapiao.tenant.v1.Tenant`).
public struct Tenant: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.Tenant"

    public var id: String = ""
    public var name: String = ""
    public var status: TenantStatus = .unspecified
    /// RFC 3339 time in UTC with microseconds.
    public var createdAt: String = ""
    public var settings: TenantSettings?

    public init(
        id: String = "", name: String = "", status: TenantStatus = .unspecified,
        createdAt: String = "", settings: TenantSettings? = nil
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.createdAt = createdAt
        self.settings = settings
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: Tenant.protobufName,
            fields: ["id", "name", "status", "createdAt", "settings"])
        id = try json.string("id")
        name = try json.string("name")
        status = try json.enumeration(TenantStatus.self, "status")
        createdAt = try json.string("createdAt")
        settings = try json.message(TenantSettings.self, "settings")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
        try json.string("name", name)
        try json.enumeration("status", status)
        try json.string("createdAt", createdAt)
        try json.message("settings", settings)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: Tenant.protobufName,
            unpack: { fapiao__tenant__v1__tenant__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__tenant__free_unpacked($0, nil) }
        ) { Tenant(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__tenant__v1__tenant__get_packed_size,
            pack: fapiao__tenant__v1__tenant__pack)
    }

    func protobuf(in arena: ProtobufArena) -> UnsafeMutablePointer<Fapiao__Tenant__V1__Tenant> {
        arena.message(Fapiao__Tenant__V1__Tenant.self) { pointer in
            fapiao__tenant__v1__tenant__init(pointer)
            pointer.pointee.id = arena.string(id)
            pointer.pointee.name = arena.string(name)
            pointer.pointee.status = Fapiao__Tenant__V1__TenantStatus(rawValue: status.rawValue)
            pointer.pointee.created_at = arena.string(createdAt)
            pointer.pointee.settings = settings?.protobuf(in: arena)
        }
    }

    init(protobuf tenant: Fapiao__Tenant__V1__Tenant) {
        id = ProtobufField.string(tenant.id)
        name = ProtobufField.string(tenant.name)
        status = TenantStatus(protoNumber: tenant.status.rawValue)
        createdAt = ProtobufField.string(tenant.created_at)
        settings = tenant.settings.map { TenantSettings(protobuf: $0.pointee) }
    }
}
