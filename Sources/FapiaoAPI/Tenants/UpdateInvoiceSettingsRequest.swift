import CFapiaoProto
import FapiaoWire

/// Request of `TenantService/UpdateInvoiceSettings`
/// (`fapiao.tenant.v1.UpdateInvoiceSettingsRequest`).
public struct UpdateInvoiceSettingsRequest: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.UpdateInvoiceSettingsRequest"

    /// New settings, where an unspecified enum, an empty list and 0 keep the
    /// stored value.
    public var settings: InvoiceSettings?

    public init(settings: InvoiceSettings? = nil) {
        self.settings = settings
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: UpdateInvoiceSettingsRequest.protobufName,
            fields: ["settings"])
        settings = try json.message(InvoiceSettings.self, "settings")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.message("settings", settings)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: UpdateInvoiceSettingsRequest.protobufName,
            unpack: { fapiao__tenant__v1__update_invoice_settings_request__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__update_invoice_settings_request__free_unpacked($0, nil) }
        ) { pointer in
            UpdateInvoiceSettingsRequest(
                settings: pointer.pointee.settings.map { InvoiceSettings(protobuf: $0.pointee) })
        }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        var message = Fapiao__Tenant__V1__UpdateInvoiceSettingsRequest()
        fapiao__tenant__v1__update_invoice_settings_request__init(&message)
        message.settings = settings?.protobuf(in: arena)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__update_invoice_settings_request__get_packed_size,
                pack: fapiao__tenant__v1__update_invoice_settings_request__pack)
        }
    }
}
