import FapiaoAPI
import FapiaoClient
import Foundation

/// `fapiao invoices reconcile`: a month's totals by status, kind and tax
/// rate, optionally compared with a ledger CSV file.
enum ReconcileCommand {
    /// One ledger difference in the `--json` output.
    struct DifferenceRecord: Encodable {
        let status: String
        let kind: String
        let currency: String
        let taxRate: String
        /// `missing_on_server`, `missing_in_ledger` or `different_value`.
        let difference: String
        let field: String?
        let ledger: String?
        let server: String?

        init(_ difference: LedgerComparison.Difference) {
            status = difference.key.status
            kind = difference.key.kind
            currency = difference.key.currency
            taxRate = difference.key.taxRate
            switch difference {
            case .missingOnServer:
                (self.difference, field, ledger, server) = ("missing_on_server", nil, nil, nil)
            case .missingInLedger:
                (self.difference, field, ledger, server) = ("missing_in_ledger", nil, nil, nil)
            case .differentValue(_, let name, let ledgerValue, let serverValue):
                (self.difference, field, ledger, server) = ("different_value", name, ledgerValue, serverValue)
            }
        }
    }

    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "invoices reconcile")
        guard let period = arguments.take("period") else {
            throw UsageError("invoices reconcile needs --period YYYY-MM, a month in China Standard Time")
        }
        try checkPeriod(period)
        let ledgerPath = arguments.take("ledger")
        try arguments.rejectUnknownOptions()
        // The ledger is read before the call, so a bad file fails fast.
        let ledgerText = try ledgerPath.map(readLedger(atPath:))

        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(
            MethodNames.reconcileTotals, ReconcileTotalsRequest(period: period), as: ReconcileTotalsResponse.self)
        guard let ledgerPath, let ledgerText else {
            try printTotals(response, json: context.json)
            return
        }

        let comparison: LedgerComparison
        do {
            comparison = try LedgerComparison(ledgerCSV: ledgerText, serverRows: response.rows)
        } catch let error as LedgerComparison.FormatError {
            throw UsageError("invalid ledger '\(ledgerPath)': \(error)")
        }
        let differences = comparison.differences()
        if context.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for difference in differences {
                print(String(decoding: try encoder.encode(DifferenceRecord(difference)), as: UTF8.self))
            }
        } else if differences.isEmpty {
            print("the ledger matches the server's \(response.rows.count) totals rows for \(period)")
        } else {
            for difference in differences { print(difference) }
        }
        if !differences.isEmpty {
            throw CheckFailure("the ledger '\(ledgerPath)' and the server differ in \(differences.count) places for \(period)")
        }
    }

    /// - Throws: `UsageError` unless `period` is a month such as 2026-08.
    static func checkPeriod(_ period: String) throws {
        let parts = period.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }),
            let month = Int(parts[1]), (1...12).contains(month)
        else {
            throw UsageError("invalid --period '\(period)': expected a month such as 2026-08")
        }
    }

    static func readLedger(atPath path: String) throws -> String {
        try InputFile.text(of: path, role: "the ledger")
    }

    static func printTotals(_ response: ReconcileTotalsResponse, json: Bool) throws {
        if json {
            try printJSON(response)
            return
        }
        let header = ["STATUS", "KIND", "CURRENCY", "TAX RATE", "INVOICES", "LINES", "AMOUNT", "TAX"]
        let rows = response.rows.map { row in
            [
                row.status.storageName, row.kind.storageName, row.currency, row.taxRate,
                String(row.invoices), String(row.lines), row.amount, row.tax,
            ]
        }
        print("totals for \(response.period) (China Standard Time)")
        print(TableFormatter.table(header: header, rows: rows, rightAligned: [3, 4, 5, 6, 7]))
    }
}
