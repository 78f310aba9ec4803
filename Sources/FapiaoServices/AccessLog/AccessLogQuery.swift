import FapiaoAPI
import FapiaoWire

/// A validated `ListEntriesRequest` filter as SQL conditions on `access_log a`.
struct AccessLogQuery {
    private(set) var conditions: [String] = ["a.tenant_id = $1"]
    private(set) var parameters: [String?]

    /// - Throws: `ValidationError` naming the filter field at fault.
    init(tenantID: String, request: ListEntriesRequest) throws {
        parameters = [tenantID]
        var violations: [ValidationError.Violation] = []
        for (field, value, comparison) in [("from", request.from, ">="), ("to", request.to, "<")]
        where !value.isEmpty {
            if RFC3339Time.parse(value) == nil {
                violations.append(.init(field: field, reason: "'\(value.prefix(40))' is not an RFC 3339 time"))
            } else {
                add({ "a.occurred_at \(comparison) \($0)::timestamptz" }, value)
            }
        }
        if !request.principalID.isEmpty { add({ "a.principal_id::text = \($0)" }, request.principalID.lowercased()) }
        if !request.method.isEmpty { add({ "a.method = \($0)" }, request.method) }
        if !request.resourceType.isEmpty { add({ "a.resource_type = \($0)" }, request.resourceType) }
        if !request.resourceID.isEmpty { add({ "a.resource_id = \($0)" }, request.resourceID) }
        switch request.outcome.lowercased() {
        case "": break
        case "ok": conditions.append("a.status_code = 0")
        case "failed": conditions.append("a.status_code <> 0")
        default:
            let outcome = request.outcome.uppercased()
            if let code = StatusCode.allCases.first(where: { $0.name == outcome || String($0.rawValue) == outcome }) {
                add({ "a.status_code = \($0)::integer" }, String(code.rawValue))
            } else {
                violations.append(
                    .init(field: "outcome", reason: "'\(request.outcome.prefix(40))' is not ok, failed or a status code name such as PERMISSION_DENIED"))
            }
        }
        if !violations.isEmpty { throw ValidationError(violations) }
    }

    mutating func add(_ condition: (String) -> String, _ value: String) {
        parameters.append(value)
        conditions.append(condition("$\(parameters.count)"))
    }
}
