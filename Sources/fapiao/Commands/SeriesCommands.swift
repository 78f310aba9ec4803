import FapiaoAPI
import FapiaoClient

/// `fapiao series …`: the caller's tenant's invoice numbering series.
enum SeriesCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "create": try create(&arguments, context: context)
        case "list": try list(&arguments, context: context)
        default: throw UsageError("unknown command 'series \(action)': expected create or list")
        }
    }

    static func create(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let code = try arguments.operands("CODE", of: "series create")[0]
        // The server applies its default width when the field is 0.
        let width: UInt32 = try OptionValues.wholeNumber(
            arguments.take("width"), option: "width", in: 1...18, unit: "digits") ?? 0
        let series = Series(
            code: code, prefix: arguments.take("prefix") ?? "", includeYear: !arguments.takeFlag("no-year"),
            numberWidth: width)
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let created = try client.call(MethodNames.createSeries, CreateSeriesRequest(series: series), as: Series.self)
        if context.json {
            try printJSON(created)
            return
        }
        print(TableFormatter.fields([
            ("code", created.code),
            ("prefix", DisplayText.orDash(created.prefix)),
            ("include year", created.includeYear ? "yes" : "no"),
            ("number width", "\(created.numberWidth) digits"),
            ("next number", String(created.nextNumber)),
            ("created at", created.createdAt),
        ]))
    }

    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "series list")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(MethodNames.listSeries, ListSeriesRequest(), as: ListSeriesResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        let rows = response.series.map { series in
            [
                series.code, DisplayText.orDash(series.prefix), series.includeYear ? "yes" : "no",
                String(series.numberWidth), String(series.nextNumber), series.createdAt,
            ]
        }
        print(TableFormatter.table(
            header: ["CODE", "PREFIX", "YEAR", "WIDTH", "NEXT NUMBER", "CREATED"], rows: rows, rightAligned: [3, 4]))
    }
}
