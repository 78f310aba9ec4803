import CLibPQ

/// Rows and status of one executed statement, copied out of libpq's `PGresult`.
///
/// Values are in PostgreSQL's text format, with nil for SQL NULL.
public struct PostgresResult: Sendable {
    /// Column names in result order.
    public let columns: [String]
    /// Row values in text format, indexed by row then column; nil is SQL NULL.
    public let rows: [[String?]]
    /// Number of rows affected by INSERT, UPDATE, DELETE, MERGE, SELECT, MOVE, FETCH or COPY,
    /// as reported by `PQcmdTuples`; 0 for other commands.
    public let affectedRows: Int
    /// Command tag sent by the server, for example `INSERT 0 1` or `SELECT 3`.
    public let commandTag: String
    /// Index of each column name's first occurrence, because handlers look
    /// values up by name dozens of times per row.
    private let indexes: [String: Int]

    /// Creates a result from already copied values.
    public init(columns: [String], rows: [[String?]], affectedRows: Int, commandTag: String) {
        self.columns = columns
        self.rows = rows
        self.affectedRows = affectedRows
        self.commandTag = commandTag
        indexes = Self.indexes(of: columns)
    }

    private static func indexes(of columns: [String]) -> [String: Int] {
        var indexes: [String: Int] = [:]
        for (index, name) in columns.enumerated() where indexes[name] == nil {
            indexes[name] = index
        }
        return indexes
    }

    /// Copies columns, rows and status out of `result`. The caller still owns `result`
    /// and must `PQclear` it.
    init(copying result: OpaquePointer) {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        rows = (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                guard PQgetisnull(result, row, column) == 0,
                    let value = PQgetvalue(result, row, column)
                else { return nil }
                // The length comes with the value, so no strlen is needed.
                let bytes = UnsafeRawBufferPointer(
                    start: value, count: Int(PQgetlength(result, row, column)))
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        commandTag = String(cString: PQcmdStatus(result))
        indexes = Self.indexes(of: columns)
    }

    /// Number of rows returned.
    public var rowCount: Int { rows.count }

    /// Returns the index of the column named `name`, or nil when there is none.
    public func columnIndex(named name: String) -> Int? {
        indexes[name]
    }

    /// Value of `column` in `row`, or nil for SQL NULL.
    ///
    /// Traps when `row` is out of range or no column is named `column`, because both
    /// are programming errors. Use `string(row:column:)` for a throwing lookup.
    public subscript(row: Int, column: String) -> String? {
        guard let index = columnIndex(named: column) else {
            preconditionFailure("result has no column named \(column); columns: \(columns)")
        }
        return rows[row][index]
    }

    /// Returns the non-NULL value of `column` in `row`.
    ///
    /// - Throws: `PostgresError` of kind `unexpectedResult` when the row does not exist,
    ///   no column is named `column`, or the value is NULL.
    public func string(row: Int, column: String) throws(PostgresError) -> String {
        guard rows.indices.contains(row) else {
            throw PostgresError(
                kind: .unexpectedResult,
                message: "row \(row) requested but the result has \(rowCount) rows")
        }
        guard let index = columnIndex(named: column) else {
            throw PostgresError(
                kind: .unexpectedResult,
                message: "result has no column named \(column); columns: \(columns)")
        }
        guard let value = rows[row][index] else {
            throw PostgresError(
                kind: .unexpectedResult, message: "column \(column) in row \(row) is NULL")
        }
        return value
    }

    /// Returns the non-NULL value of `column` in `row` parsed as a decimal integer.
    ///
    /// - Throws: `PostgresError` of kind `unexpectedResult` in the cases of
    ///   `string(row:column:)` and when the value is not an integer that fits `Int`.
    public func int(row: Int, column: String) throws(PostgresError) -> Int {
        let text = try string(row: row, column: column)
        guard let value = Int(text) else {
            throw PostgresError(
                kind: .unexpectedResult,
                message: "column \(column) in row \(row) is not an integer: \(text)")
        }
        return value
    }
}
