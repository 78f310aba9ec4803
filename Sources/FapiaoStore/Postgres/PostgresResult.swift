import CLibPQ
import Glibc

/// Rows and status of one executed statement.
///
/// Values are in PostgreSQL's text format, with nil for SQL NULL. A result
/// read from the server keeps libpq's `PGresult` and turns a value into a
/// `String` only when it is read, because handlers read a fraction of what
/// wide joined rows carry.
public struct PostgresResult: Sendable {
    /// Owner of a `PGresult`, cleared when the last copy of the result goes.
    ///
    /// A `PGresult` does not change after libpq returns it and reading it
    /// needs no connection, so reads from any thread are safe, which makes
    /// the unchecked `Sendable` conformance sound.
    private final class Storage: @unchecked Sendable {
        let result: OpaquePointer

        init(_ result: OpaquePointer) {
            self.result = result
        }

        deinit {
            PQclear(result)
        }
    }

    private enum Values: Sendable {
        case copied(columns: [String], rows: [[String?]])
        case server(Storage)
    }

    private let values: Values
    /// Number of rows affected by INSERT, UPDATE, DELETE, MERGE, SELECT, MOVE, FETCH or COPY,
    /// as reported by `PQcmdTuples`; 0 for other commands.
    public let affectedRows: Int
    /// Command tag sent by the server, for example `INSERT 0 1` or `SELECT 3`.
    public let commandTag: String
    /// Number of rows returned.
    public let rowCount: Int
    private let columnCount: Int

    /// Creates a result from already copied values.
    public init(columns: [String], rows: [[String?]], affectedRows: Int, commandTag: String) {
        values = .copied(columns: columns, rows: rows)
        self.affectedRows = affectedRows
        self.commandTag = commandTag
        rowCount = rows.count
        columnCount = columns.count
    }

    /// Takes ownership of `result`, which the caller must not clear.
    init(taking result: OpaquePointer) {
        values = .server(Storage(result))
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
        commandTag = String(cString: PQcmdStatus(result))
        rowCount = Int(PQntuples(result))
        columnCount = Int(PQnfields(result))
    }

    /// Column names in result order.
    public var columns: [String] {
        switch values {
        case .copied(let columns, _): columns
        case .server(let storage):
            (0..<columnCount).map { String(cString: PQfname(storage.result, Int32($0))) }
        }
    }

    /// Row values in text format, indexed by row then column; nil is SQL NULL.
    public var rows: [[String?]] {
        (0..<rowCount).map { row in (0..<columnCount).map { value(row: row, at: $0) } }
    }

    /// Returns the index of the column named `name`, or nil when there is none.
    public func columnIndex(named name: String) -> Int? {
        switch values {
        case .copied(let columns, _):
            return columns.firstIndex(of: name)
        case .server(let storage):
            // Compared as C strings, so that no column name becomes a String.
            return name.withCString { wanted in
                (0..<columnCount).first { strcmp(PQfname(storage.result, Int32($0)), wanted) == 0 }
            }
        }
    }

    /// Value in `row` of the column at `index`, or nil for SQL NULL. Both must
    /// be in range; look the index up once with `columnIndex(named:)` to read
    /// many rows.
    public func value(row: Int, at index: Int) -> String? {
        switch values {
        case .copied(_, let rows):
            return rows[row][index]
        case .server(let storage):
            precondition(row >= 0 && row < rowCount && index >= 0 && index < columnCount)
            let result = storage.result
            guard PQgetisnull(result, Int32(row), Int32(index)) == 0,
                let text = PQgetvalue(result, Int32(row), Int32(index))
            else { return nil }
            // The length comes with the value, so no strlen is needed.
            let bytes = UnsafeRawBufferPointer(
                start: text, count: Int(PQgetlength(result, Int32(row), Int32(index))))
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Value of `column` in `row`, or nil for SQL NULL.
    ///
    /// Traps when `row` is out of range or no column is named `column`, because both
    /// are programming errors. Use `string(row:column:)` for a throwing lookup.
    public subscript(row: Int, column: String) -> String? {
        guard let index = columnIndex(named: column) else {
            preconditionFailure("result has no column named \(column); columns: \(columns)")
        }
        return value(row: row, at: index)
    }

    /// Returns the non-NULL value of `column` in `row`.
    ///
    /// - Throws: `PostgresError` of kind `unexpectedResult` when the row does not exist,
    ///   no column is named `column`, or the value is NULL.
    public func string(row: Int, column: String) throws(PostgresError) -> String {
        guard row >= 0 && row < rowCount else {
            throw PostgresError(
                kind: .unexpectedResult,
                message: "row \(row) requested but the result has \(rowCount) rows")
        }
        guard let index = columnIndex(named: column) else {
            throw PostgresError(
                kind: .unexpectedResult,
                message: "result has no column named \(column); columns: \(columns)")
        }
        guard let value = value(row: row, at: index) else {
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
