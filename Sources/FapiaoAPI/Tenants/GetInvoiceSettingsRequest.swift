import CFapiaoProto
import FapiaoWire

/// Request of `TenantService/GetInvoiceSettings`, which returns the settings
/// of the caller's own tenant (`fapiao.tenant.v1.GetInvoiceSettingsRequest`).
public struct GetInvoiceSettingsRequest: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.GetInvoiceSettingsRequest"

    public init() {}

    public init(from decoder: any Decoder) throws {
        _ = try ProtoJSONReader(
            from: decoder, message: GetInvoiceSettingsRequest.protobufName, fields: [])
    }

    public func encode(to encoder: any Encoder) throws {
        _ = ProtoJSONWriter(to: encoder)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: GetInvoiceSettingsRequest.protobufName,
            unpack: { fapiao__tenant__v1__get_invoice_settings_request__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__get_invoice_settings_request__free_unpacked($0, nil) }
        ) { _ in GetInvoiceSettingsRequest() }
    }

    public func protobufBytes() -> [UInt8] {
        var message = Fapiao__Tenant__V1__GetInvoiceSettingsRequest()
        fapiao__tenant__v1__get_invoice_settings_request__init(&message)
        return withUnsafePointer(to: &message) { pointer in
            packProtobuf(
                pointer, size: fapiao__tenant__v1__get_invoice_settings_request__get_packed_size,
                pack: fapiao__tenant__v1__get_invoice_settings_request__pack)
        }
    }
}
