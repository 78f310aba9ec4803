import CFapiaoProto
import FapiaoWire

/// Invoicing choices of one tenant (`fapiao.tenant.v1.InvoiceSettings`).
///
/// In `UpdateInvoiceSettingsRequest`, an unspecified enum, an empty list and 0
/// keep the stored value. The server defaults are `perLine`, the rates 0,
/// 0.01, 0.03, 0.05, 0.06, 0.09 and 0.13, `strict` and 30 years.
public struct InvoiceSettings: ProtobufMessage {
    public static let protobufName = "fapiao.tenant.v1.InvoiceSettings"

    public var taxRounding: TaxRounding
    /// Allowed tax rates as decimal fractions such as "0.13".
    public var taxRates: [String]
    public var taxIDCheck: TaxIDCheck
    /// Years after the end of the issue year during which invoices cannot be
    /// deleted, at least 10.
    public var retentionYears: UInt32

    public init(
        taxRounding: TaxRounding = .unspecified, taxRates: [String] = [],
        taxIDCheck: TaxIDCheck = .unspecified, retentionYears: UInt32 = 0
    ) {
        self.taxRounding = taxRounding
        self.taxRates = taxRates
        self.taxIDCheck = taxIDCheck
        self.retentionYears = retentionYears
    }

    public init(from decoder: any Decoder) throws {
        let json = try ProtoJSONReader(
            from: decoder, message: InvoiceSettings.protobufName,
            fields: ["taxRounding", "taxRates", "taxIdCheck", "retentionYears"])
        taxRounding = try json.enumeration(TaxRounding.self, "taxRounding")
        taxRates = try json.array(String.self, "taxRates")
        taxIDCheck = try json.enumeration(TaxIDCheck.self, "taxIdCheck")
        retentionYears = try json.integer("retentionYears")
    }

    public func encode(to encoder: any Encoder) throws {
        var json = ProtoJSONWriter(to: encoder)
        try json.enumeration("taxRounding", taxRounding)
        try json.array("taxRates", taxRates)
        try json.enumeration("taxIdCheck", taxIDCheck)
        try json.integer32("retentionYears", retentionYears)
    }

    public init(protobufBytes: [UInt8]) throws {
        self = try withUnpackedProtobuf(
            protobufBytes, messageName: InvoiceSettings.protobufName,
            unpack: { fapiao__tenant__v1__invoice_settings__unpack(nil, $0, $1) },
            free: { fapiao__tenant__v1__invoice_settings__free_unpacked($0, nil) }
        ) { InvoiceSettings(protobuf: $0.pointee) }
    }

    public func protobufBytes() -> [UInt8] {
        let arena = ProtobufArena()
        // The C message points into the arena until it is packed.
        defer { withExtendedLifetime(arena) {} }
        return packProtobuf(
            protobuf(in: arena), size: fapiao__tenant__v1__invoice_settings__get_packed_size,
            pack: fapiao__tenant__v1__invoice_settings__pack)
    }

    func protobuf(
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Fapiao__Tenant__V1__InvoiceSettings> {
        arena.message(Fapiao__Tenant__V1__InvoiceSettings.self) { pointer in
            fapiao__tenant__v1__invoice_settings__init(pointer)
            pointer.pointee.tax_rounding = Fapiao__Tenant__V1__TaxRounding(
                rawValue: taxRounding.rawValue)
            pointer.pointee.n_tax_rates = taxRates.count
            pointer.pointee.tax_rates = ProtobufStrings.array(taxRates, in: arena)
            pointer.pointee.tax_id_check = Fapiao__Tenant__V1__TaxIdCheck(
                rawValue: taxIDCheck.rawValue)
            pointer.pointee.retention_years = retentionYears
        }
    }

    init(protobuf settings: Fapiao__Tenant__V1__InvoiceSettings) {
        taxRounding = TaxRounding(protoNumber: settings.tax_rounding.rawValue)
        taxRates = ProtobufStrings.strings(settings.tax_rates, count: settings.n_tax_rates)
        taxIDCheck = TaxIDCheck(protoNumber: settings.tax_id_check.rawValue)
        retentionYears = settings.retention_years
    }
}
