import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import Foundation

/// `TenantService/GetInvoiceSettings` and `UpdateInvoiceSettings`: a tenant
/// administrator's own invoicing choices. Permission tenant.settings.
enum InvoiceSettingsMethods {
    static let getInvoiceSettings = ServiceMethod<GetInvoiceSettingsRequest, InvoiceSettings>(
        path: MethodNames.getInvoiceSettings, permission: .tenantSettings, resourceType: "tenant"
    ) { context, _ in
        try context.transaction { connection in
            let settings = try load(context, on: connection)
            try context.recordSuccess(
                on: connection, resourceType: "tenant", resourceID: context.principal.tenantID)
            return settings
        }
    }

    static let updateInvoiceSettings = ServiceMethod<UpdateInvoiceSettingsRequest, InvoiceSettings>(
        path: MethodNames.updateInvoiceSettings, permission: .tenantSettings, resourceType: "tenant"
    ) { context, request in
        guard let settings = request.settings else {
            throw ValidationError(field: "settings", reason: "is required")
        }
        var patch: [String: Any] = [:]
        var violations: [ValidationError.Violation] = []
        switch settings.taxRounding {
        case .perLine: patch["tax_rounding"] = InvoicePolicy.TaxRounding.perLine.rawValue
        case .perRate: patch["tax_rounding"] = InvoicePolicy.TaxRounding.perRate.rawValue
        case .unspecified: break
        }
        switch settings.taxIDCheck {
        case .strict: patch["tax_id_check"] = "strict"
        case .warn: patch["tax_id_check"] = "warn"
        case .unspecified: break
        }
        if !settings.taxRates.isEmpty {
            var rates: [String] = []
            for (index, text) in settings.taxRates.enumerated() {
                guard let rate = ExactDecimal(parsing: text, maximumScale: 4), !rate.isNegative,
                    rate < ExactDecimal(significand: 1, scale: 0)
                else {
                    violations.append(
                        .init(
                            field: "settings.taxRates[\(index)]",
                            reason:
                                "'\(text.prefix(20))' is not a rate from 0 to below 1 with at most 4 decimals"
                        ))
                    continue
                }
                rates.append(rate.normalized.description)
            }
            patch["tax_rates"] = Array(Set(rates)).sorted()
        }
        if settings.retentionYears != 0 {
            if Int(settings.retentionYears) < InvoicePolicy.minimumRetentionYears
                || settings.retentionYears > 100
            {
                violations.append(
                    .init(
                        field: "settings.retentionYears",
                        reason:
                            "\(settings.retentionYears) is not from \(InvoicePolicy.minimumRetentionYears) to 100"
                    ))
            }
            patch["retention_years"] = Int(settings.retentionYears)
        }
        guard violations.isEmpty else { throw ValidationError(violations) }
        guard !patch.isEmpty else {
            throw ValidationError(
                field: "settings", reason: "sets nothing; give at least one value")
        }
        let patchJSON = String(
            decoding: try JSONSerialization.data(withJSONObject: patch, options: [.sortedKeys]),
            as: UTF8.self)
        return try context.transaction { connection in
            let before = try load(context, on: connection)
            _ = try connection.queryPrepared(
                "UPDATE tenants SET settings = settings || $2::jsonb WHERE tenant_id = $1",
                [context.principal.tenantID, patchJSON])
            let after = try load(context, on: connection)
            try context.recordSuccess(
                on: connection, resourceType: "tenant", resourceID: context.principal.tenantID,
                changes: [
                    "invoice_settings": .init(before: describe(before), after: describe(after))
                ])
            return after
        }
    }

    static func load(
        _ context: CallContext, on connection: PostgresConnection
    ) throws -> InvoiceSettings {
        let rows = try connection.queryPrepared(
            "SELECT settings::text AS settings FROM tenants WHERE tenant_id = $1",
            [context.principal.tenantID])
        let policy = InvoicePolicy(settingsJSON: rows.rowCount == 1 ? rows[0, "settings"] : nil)
        return InvoiceSettings(
            taxRounding: policy.taxRounding == .perRate ? .perRate : .perLine,
            taxRates: policy.taxRates.map { $0.normalized.description },
            taxIDCheck: policy.taxIDCheckWarns ? .warn : .strict,
            retentionYears: UInt32(policy.retentionYears))
    }

    static func describe(_ settings: InvoiceSettings) -> String {
        "tax_rounding=\(settings.taxRounding.protoName) tax_rates=\(settings.taxRates.joined(separator: ","))"
            + " tax_id_check=\(settings.taxIDCheck.protoName) retention_years=\(settings.retentionYears)"
    }
}
