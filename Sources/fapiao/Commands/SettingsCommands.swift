import FapiaoAPI
import FapiaoClient

/// `fapiao settings …`: the invoicing settings of the caller's tenant.
/// Both calls need the tenant.settings permission, which tenant
/// administrators have.
enum SettingsCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "show": try show(&arguments, context: context)
        case "update": try update(&arguments, context: context)
        default: throw UsageError("unknown command 'settings \(action)': expected show or update")
        }
    }

    static func show(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "settings show")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let settings = try client.call(
            MethodNames.getInvoiceSettings, GetInvoiceSettingsRequest(), as: InvoiceSettings.self)
        try printSettings(settings, json: context.json)
    }

    /// Changes the settings given as options and keeps the others.
    static func update(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "settings update")
        let taxRounding = try OptionValues.enumeration(
            arguments.take("tax-rounding"), option: "tax-rounding", prefix: "TAX_ROUNDING_",
            as: TaxRounding.self)
        let taxRates = try arguments.takeAll("tax-rate").map { rate in
            // Safe to force-unwrap: decimal(_:) returns its input when it is given.
            try OptionValues.decimal(rate, option: "tax-rate")!
        }
        let taxIDCheck = try OptionValues.enumeration(
            arguments.take("tax-id-check"), option: "tax-id-check", prefix: "TAX_ID_CHECK_",
            as: TaxIDCheck.self)
        // The server rejects fewer than 10 years.
        let retentionYears: UInt32? = try OptionValues.wholeNumber(
            arguments.take("retention-years"), option: "retention-years", in: 1...UInt32.max, unit: "years")
        try arguments.rejectUnknownOptions()
        guard taxRounding != nil || !taxRates.isEmpty || taxIDCheck != nil || retentionYears != nil else {
            throw UsageError(
                "settings update needs at least one of --tax-rounding, --tax-rate, --tax-id-check and --retention-years")
        }
        // UNSPECIFIED, an empty list and 0 keep the stored value.
        let settings = InvoiceSettings(
            taxRounding: taxRounding ?? .unspecified, taxRates: taxRates,
            taxIDCheck: taxIDCheck ?? .unspecified, retentionYears: retentionYears ?? 0)
        let client = try context.connect()
        defer { client.close() }
        let updated = try client.call(
            MethodNames.updateInvoiceSettings, UpdateInvoiceSettingsRequest(settings: settings),
            as: InvoiceSettings.self)
        try printSettings(updated, json: context.json)
    }

    static func printSettings(_ settings: InvoiceSettings, json: Bool) throws {
        if json {
            try printJSON(settings)
            return
        }
        print(TableFormatter.fields([
            ("tax rounding", DisplayText.enumValue(settings.taxRounding.protoName, prefix: "TAX_ROUNDING_")),
            ("tax rates", DisplayText.list(settings.taxRates)),
            ("tax id check", DisplayText.enumValue(settings.taxIDCheck.protoName, prefix: "TAX_ID_CHECK_")),
            ("retention", "\(settings.retentionYears) years after the end of the issue year"),
        ]))
    }
}
