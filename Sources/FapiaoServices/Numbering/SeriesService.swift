public import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// `fapiao.invoice.v1.SeriesService`: a tenant's numbering series.
/// Permission series.manage.
public struct SeriesService: Sendable {
    static let columns = """
        series, display_prefix, include_year, number_width, next_number, \
        \(SQLTime.rfc3339("created_at")) AS created_at
        """

    public init() {}

    public var methods: [AnyServiceMethod] {
        [AnyServiceMethod(createSeries), AnyServiceMethod(listSeries)]
    }

    /// `CreateSeries`: a new series whose numbers start at 1.
    public var createSeries: ServiceMethod<CreateSeriesRequest, Series> {
        ServiceMethod(
            path: MethodNames.createSeries, permission: .seriesManage, resourceType: "series"
        ) {
            context, request in
            guard let series = request.series else {
                throw ValidationError(field: "series", reason: "is required")
            }
            var violations: [ValidationError.Violation] = []
            let code = series.code
            let codeIsValid =
                (1...32).contains(code.count)
                && code.unicodeScalars.allSatisfy {
                    ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
                }
                && code.first.map { $0 != "_" && $0 != "-" } == true
            if !codeIsValid {
                violations.append(
                    .init(
                        field: "series.code",
                        reason:
                            "'\(code.prefix(40))' is not a series code (A-Z, 0-9, '_' and '-', starting with a letter or digit, at most 32)"
                    ))
            }
            let prefix = series.prefix.isEmpty ? code : series.prefix
            if prefix.unicodeScalars.count > 32
                || prefix.unicodeScalars.contains(where: {
                    $0.properties.generalCategory == .control
                })
            {
                violations.append(
                    .init(field: "series.prefix", reason: "must be at most 32 printable characters")
                )
            }
            let width = series.numberWidth == 0 ? 8 : Int(series.numberWidth)
            if !(1...18).contains(width) {
                violations.append(
                    .init(
                        field: "series.numberWidth",
                        reason: "\(series.numberWidth) is not from 1 to 18"))
            }
            if series.nextNumber > 1 {
                violations.append(
                    .init(field: "series.nextNumber", reason: "a new series starts at 1"))
            }
            guard violations.isEmpty else { throw ValidationError(violations) }
            return try context.transaction { connection in
                let rows: PostgresResult
                do {
                    rows = try connection.queryPrepared(
                        """
                        INSERT INTO invoice_series (tenant_id, series, display_prefix, include_year, number_width)
                        VALUES ($1, $2, $3, $4, $5) RETURNING \(SeriesService.columns)
                        """,
                        [
                            context.principal.tenantID, code, prefix,
                            series.includeYear ? "true" : "false", String(width),
                        ])
                } catch let error as PostgresError where error.isUniqueViolation {
                    throw RPCError(.alreadyExists, "series '\(code)' already exists", cause: error)
                }
                try context.recordSuccess(
                    on: connection, resourceType: "series", resourceID: code,
                    changes: [
                        "prefix": .init(before: nil, after: prefix),
                        "include_year": .init(before: nil, after: String(series.includeYear)),
                        "number_width": .init(before: nil, after: String(width)),
                    ])
                return try SeriesService.series(rows, 0)
            }
        }
    }

    /// `ListSeries`: every series with its next number.
    public var listSeries: ServiceMethod<ListSeriesRequest, ListSeriesResponse> {
        ServiceMethod(
            path: MethodNames.listSeries, permission: .seriesManage, resourceType: "series"
        ) {
            context, _ in
            try context.transaction { connection in
                let rows = try connection.queryPrepared(
                    "SELECT \(SeriesService.columns) FROM invoice_series WHERE tenant_id = $1 ORDER BY series",
                    [context.principal.tenantID])
                try context.recordSuccess(on: connection, resourceType: "series", resourceID: nil)
                return ListSeriesResponse(
                    series: try (0..<rows.rowCount).map { try SeriesService.series(rows, $0) })
            }
        }
    }

    static func series(_ rows: PostgresResult, _ row: Int) throws -> Series {
        Series(
            code: try rows.string(row: row, column: "series"),
            prefix: try rows.string(row: row, column: "display_prefix"),
            includeYear: rows[row, "include_year"] == "t",
            numberWidth: UInt32(try rows.int(row: row, column: "number_width")),
            nextNumber: UInt64(try rows.int(row: row, column: "next_number")),
            createdAt: try rows.string(row: row, column: "created_at"))
    }
}
