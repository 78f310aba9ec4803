/// Short forms of reply fields for the readable (non-JSON) output.
enum DisplayText {
    /// Returns an enum value name without its type prefix, in lower case:
    /// `TENANT_STATUS_ACTIVE` with prefix `TENANT_STATUS_` becomes `active`.
    static func enumValue(_ protoName: String, prefix: String) -> String {
        let name = protoName.hasPrefix(prefix) ? String(protoName.dropFirst(prefix.count)) : protoName
        return name.lowercased()
    }

    /// Returns `text`, or `-` for an empty field so that table columns stay aligned.
    static func orDash(_ text: String) -> String {
        text.isEmpty ? "-" : text
    }

    /// Returns the items separated by commas, or `-` for none.
    static func list(_ items: [String]) -> String {
        orDash(items.joined(separator: ","))
    }
}
