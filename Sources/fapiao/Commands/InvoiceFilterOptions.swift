import FapiaoAPI

/// The `InvoiceFilter` options that `invoices list` and `invoices export` share.
enum InvoiceFilterOptions {
    /// Removes the filter options from `arguments` and returns the filter.
    static func take(from arguments: inout CommandLineArguments) throws -> InvoiceFilter {
        InvoiceFilter(
            issuedFrom: try OptionValues.time(arguments.take("from"), option: "from") ?? "",
            issuedTo: try OptionValues.time(arguments.take("to"), option: "to") ?? "",
            buyerName: arguments.take("buyer-name") ?? "",
            buyerTaxID: arguments.take("buyer-tax-id") ?? "",
            minTotal: try OptionValues.decimal(arguments.take("min-total"), option: "min-total") ?? "",
            maxTotal: try OptionValues.decimal(arguments.take("max-total"), option: "max-total") ?? "",
            status: try OptionValues.enumeration(
                arguments.take("status"), option: "status", prefix: "INVOICE_STATUS_") ?? .unspecified,
            kind: try OptionValues.enumeration(
                arguments.take("kind"), option: "kind", prefix: "INVOICE_KIND_") ?? .unspecified,
            series: arguments.take("series") ?? "")
    }
}
