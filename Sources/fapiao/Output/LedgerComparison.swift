import FapiaoAPI
import Foundation

/// Comparison of monthly totals from an accounting ledger, read from CSV,
/// with the rows of a `ReconcileTotals` reply. Rows match by status, kind
/// and tax rate. Counts and decimals compare exactly, after
/// `DecimalText.normalized`, so "10.50" equals "10.5".
struct LedgerComparison {
    /// Status, kind, currency and tax rate of a totals row, in the lower-case
    /// names that the ledger uses (`issued`, `credit_note`), the currency in
    /// upper case and the rate normalised.
    struct Key: Hashable, Comparable, CustomStringConvertible {
        let status: String
        let kind: String
        let currency: String
        let taxRate: String

        var description: String {
            "status=\(status) kind=\(kind) currency=\(currency) tax_rate=\(taxRate)"
        }

        static func < (left: Key, right: Key) -> Bool {
            (left.status, left.kind, left.currency, left.taxRate)
                < (right.status, right.kind, right.currency, right.taxRate)
        }
    }

    /// The compared values of one row, as written on its side.
    struct Row {
        let key: Key
        let invoices: String
        let lines: String
        let amount: String
        let tax: String

        /// The fields in ledger column order, with the text used to compare
        /// each one.
        var comparedFields: [(name: String, text: String, normalized: String)] {
            [
                ("invoices", invoices, DecimalText.normalized(invoices) ?? invoices),
                ("lines", lines, DecimalText.normalized(lines) ?? lines),
                ("amount", amount, DecimalText.normalized(amount) ?? amount),
                ("tax", tax, DecimalText.normalized(tax) ?? tax),
            ]
        }
    }

    /// One disagreement between the ledger and the server.
    enum Difference: Equatable, CustomStringConvertible {
        /// The ledger has a row that the server does not.
        case missingOnServer(Key)
        /// The server has a row that the ledger does not.
        case missingInLedger(Key)
        /// Both have the row, but `field` differs.
        case differentValue(Key, field: String, ledger: String, server: String)

        var key: Key {
            switch self {
            case .missingOnServer(let key), .missingInLedger(let key), .differentValue(let key, _, _, _): key
            }
        }

        var description: String {
            switch self {
            case .missingOnServer(let key): "\(key): in the ledger but not on the server"
            case .missingInLedger(let key): "\(key): on the server but not in the ledger"
            case .differentValue(let key, let field, let ledger, let server):
                "\(key): \(field) differs: ledger \(ledger), server \(server)"
            }
        }
    }

    /// An invalid ledger file, with the 1-based line at fault (0 for the
    /// whole file).
    struct FormatError: Error, CustomStringConvertible {
        let line: Int
        let reason: String

        var description: String { line == 0 ? reason : "line \(line): \(reason)" }
    }

    static let columns = [
        "status", "kind", "currency", "tax_rate", "invoices", "lines", "amount", "tax",
    ]

    let ledger: [Row]
    let server: [Row]

    /// Parses the ledger CSV and takes the server's rows.
    ///
    /// - Throws: `FormatError` for a header other than `columns` in any
    ///   order or a row with the wrong number of fields. It also throws for
    ///   an unknown status or kind, a count that is not a whole number, a
    ///   value that is not a plain decimal, and two rows with the same key.
    init(ledgerCSV: String, serverRows: [TotalsRow]) throws {
        ledger = try LedgerComparison.parseLedger(ledgerCSV)
        server = serverRows.map { row in
            Row(
                key: Key(
                    status: row.status.storageName, kind: row.kind.storageName,
                    currency: row.currency.uppercased(),
                    taxRate: DecimalText.normalized(row.taxRate) ?? row.taxRate),
                invoices: String(row.invoices), lines: String(row.lines), amount: row.amount, tax: row.tax)
        }
    }

    /// Returns every difference, ordered by key and then by ledger column.
    func differences() -> [Difference] {
        let ledgerRows = Dictionary(ledger.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let serverRows = Dictionary(server.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var differences: [Difference] = []
        for key in Set(ledgerRows.keys).union(serverRows.keys).sorted() {
            switch (ledgerRows[key], serverRows[key]) {
            case (let ledgerRow?, let serverRow?):
                for (ledgerField, serverField) in zip(ledgerRow.comparedFields, serverRow.comparedFields)
                where ledgerField.normalized != serverField.normalized {
                    differences.append(
                        .differentValue(
                            key, field: ledgerField.name, ledger: ledgerField.text, server: serverField.text))
                }
            case (_?, nil): differences.append(.missingOnServer(key))
            case (nil, _?): differences.append(.missingInLedger(key))
            case (nil, nil): break
            }
        }
        return differences
    }

    static func parseLedger(_ text: String) throws -> [Row] {
        // Lines end in LF or CRLF, and Swift treats CRLF as one Character.
        // Blank lines are skipped.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let headerIndex = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            throw FormatError(line: 0, reason: "the ledger is empty: expected the header \(columns.joined(separator: ","))")
        }
        let header = fields(of: lines[headerIndex]).map { $0.lowercased() }
        guard header.count == columns.count, Set(header) == Set(columns) else {
            throw FormatError(
                line: headerIndex + 1,
                reason: "invalid header '\(lines[headerIndex])': expected the columns \(columns.joined(separator: ","))")
        }
        var rows: [Row] = []
        var seen: [Key: Int] = [:]
        for index in lines.indices where index > headerIndex && !lines[index].allSatisfy(\.isWhitespace) {
            let lineNumber = index + 1
            let values = fields(of: lines[index])
            guard values.count == columns.count else {
                throw FormatError(
                    line: lineNumber, reason: "expected \(columns.count) fields, found \(values.count)")
            }
            let row = try parseRow(Dictionary(uniqueKeysWithValues: zip(header, values)), line: lineNumber)
            if let first = seen[row.key] {
                throw FormatError(line: lineNumber, reason: "\(row.key) is also on line \(first)")
            }
            seen[row.key] = lineNumber
            rows.append(row)
        }
        return rows
    }

    /// Splits a CSV line at commas and removes the spaces and the double
    /// quotes around each field. The ledger's values never contain a comma.
    static func fields(of line: Substring) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var value = field.trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
    }

    static func parseRow(_ fields: [String: String], line: Int) throws -> Row {
        // Safe to force-unwrap: the header check made every column a key.
        let status = fields["status"]!.lowercased()
        guard let parsedStatus = InvoiceStatus(storageName: status), parsedStatus != .unspecified else {
            let names = InvoiceStatus.allCases.dropFirst().map(\.storageName).joined(separator: ", ")
            throw FormatError(line: line, reason: "invalid status '\(status)': expected one of \(names)")
        }
        let kind = fields["kind"]!.lowercased()
        guard let parsedKind = InvoiceKind(storageName: kind), parsedKind != .unspecified else {
            let names = InvoiceKind.allCases.dropFirst().map(\.storageName).joined(separator: ", ")
            throw FormatError(line: line, reason: "invalid kind '\(kind)': expected one of \(names)")
        }
        for column in ["invoices", "lines"] where UInt64(fields[column]!) == nil {
            throw FormatError(
                line: line, reason: "invalid \(column) '\(fields[column]!)': expected a whole number")
        }
        for column in ["tax_rate", "amount", "tax"] where DecimalText.normalized(fields[column]!) == nil {
            throw FormatError(
                line: line, reason: "invalid \(column) '\(fields[column]!)': expected a decimal number such as 10.50")
        }
        let currency = fields["currency"]!.uppercased()
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw FormatError(line: line, reason: "invalid currency '\(currency)': expected an ISO 4217 code such as CNY")
        }
        return Row(
            key: Key(
                status: status, kind: kind, currency: currency,
                taxRate: DecimalText.normalized(fields["tax_rate"]!)!),
            invoices: fields["invoices"]!, lines: fields["lines"]!, amount: fields["amount"]!,
            tax: fields["tax"]!)
    }
}
