import CFapiaoProto
import FapiaoWire

/// Limits of one tenant (`fapiao.tenant.v1.TenantSettings`).
///
/// In `UpdateTenantSettingsRequest`, a field left at 0 keeps its stored value.
public struct TenantSettings: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.TenantSettings"

    /// Average number of calls allowed per second, which is never 0 in a reply.
    public var rateLimitPerSecond: UInt32
    /// Number of calls allowed at once above the average rate (token bucket size).
    public var rateLimitBurst: UInt32
    /// Maximum number of calls of the tenant running at the same time.
    public var maxConcurrentCalls: UInt32

    public init(
        rateLimitPerSecond: UInt32 = 0, rateLimitBurst: UInt32 = 0, maxConcurrentCalls: UInt32 = 0
    ) {
        self.rateLimitPerSecond = rateLimitPerSecond
        self.rateLimitBurst = rateLimitBurst
        self.maxConcurrentCalls = maxConcurrentCalls
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: TenantSettings.protobufName,
            fields: ["rateLimitPerSecond", "rateLimitBurst", "maxConcurrentCalls"])
        rateLimitPerSecond = try json.integer("rateLimitPerSecond")
        rateLimitBurst = try json.integer("rateLimitBurst")
        maxConcurrentCalls = try json.integer("maxConcurrentCalls")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.integer32("rateLimitPerSecond", rateLimitPerSecond)
        try json.integer32("rateLimitBurst", rateLimitBurst)
        try json.integer32("maxConcurrentCalls", maxConcurrentCalls)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: TenantSettings.protobufName,
            unpack: { fapiao__tenant__v1__tenant_settings__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__tenant_settings__free_unpacked($0, nil) }
        ) { TenantSettings(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__tenant__v1__tenant_settings__get_packed_size,
            pack: fapiao__tenant__v1__tenant_settings__pack)
    }

    func protobuf(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Fapiao__Tenant__V1__TenantSettings> {
        arena.message(Fapiao__Tenant__V1__TenantSettings.self) { pointer in
            fapiao__tenant__v1__tenant_settings__init(pointer)
            pointer.pointee.rate_limit_per_second = rateLimitPerSecond
            pointer.pointee.rate_limit_burst = rateLimitBurst
            pointer.pointee.max_concurrent_calls = maxConcurrentCalls
        }
    }

    init(protobuf tenantSettings: Fapiao__Tenant__V1__TenantSettings) {
        rateLimitPerSecond = tenantSettings.rate_limit_per_second
        rateLimitBurst = tenantSettings.rate_limit_burst
        maxConcurrentCalls = tenantSettings.max_concurrent_calls
    }
}
