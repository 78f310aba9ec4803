import CFapiaoProto
import FapiaoWire

/// Request of `TenantService/UpdateTenantSettings`
/// (`fapiao.tenant.v1.UpdateTenantSettingsRequest`).
public struct UpdateTenantSettingsRequest: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.UpdateTenantSettingsRequest"

    public var id: String
    /// New limits, where a field left at 0 keeps its stored value.
    public var settings: TenantSettings?

    public init(id: String = "", settings: TenantSettings? = nil) {
        self.id = id
        self.settings = settings
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: UpdateTenantSettingsRequest.protobufName,
            fields: ["id", "settings"])
        id = try json.string("id")
        settings = try json.message(TenantSettings.self, "settings")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.string("id", id)
        try json.message("settings", settings)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: UpdateTenantSettingsRequest.protobufName,
            unpack: { fapiao__tenant__v1__update_tenant_settings_request__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__update_tenant_settings_request__free_unpacked($0, nil) }
        ) { pointer in
            UpdateTenantSettingsRequest(
                id: ProtobufField.string(pointer.pointee.id),
                settings: pointer.pointee.settings.map { TenantSettings(protobuf: $0.pointee) })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Tenant__V1__UpdateTenantSettingsRequest()
        fapiao__tenant__v1__update_tenant_settings_request__init(&message)
        message.id = arena.string(id)
        message.settings = settings?.protobuf(in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__update_tenant_settings_request__get_packed_size,
                pack: fapiao__tenant__v1__update_tenant_settings_request__pack)
        }
    }
}
