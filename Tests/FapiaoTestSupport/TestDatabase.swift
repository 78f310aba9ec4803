public import FapiaoStore
import Foundation

/// A new, empty database on the test server, owned by one test.
///
/// Each database has a random name, so tests that run in parallel never share one.
public struct TestDatabase: Sendable {
    /// Database name, `t_` followed by 16 hexadecimal digits.
    public let name: String
    /// Superuser libpq URL of the database.
    public let url: String

    /// Creates a database with `CREATE DATABASE` on the server of `TestPostgres`.
    ///
    /// - Throws: the error from starting the server or from `CREATE DATABASE`.
    public static func create() throws -> TestDatabase {
        let serverURL = try TestPostgres.serverURL()
        let name = "t_" + String(format: "%016llx", UInt64.random(in: .min ... .max))
        let connection = try PostgresConnection(url: serverURL)
        defer { connection.close() }
        try connection.execute(script: "CREATE DATABASE \(name)")
        return TestDatabase(name: name, url: try ConnectionInfo.settingDatabase(name, in: serverURL))
    }

    /// Opens a new connection to the database. The caller closes it.
    ///
    /// - Throws: `PostgresError` when the connection fails.
    public func connect() throws -> PostgresConnection {
        try PostgresConnection(url: url)
    }

    /// Drops the database, disconnecting its remaining sessions (`WITH (FORCE)`).
    ///
    /// - Throws: `PostgresError` when the statement fails.
    public func drop() throws {
        let connection = try PostgresConnection(url: try TestPostgres.serverURL())
        defer { connection.close() }
        try connection.execute(script: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}
