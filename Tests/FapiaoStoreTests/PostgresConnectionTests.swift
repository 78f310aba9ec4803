import FapiaoStore
import FapiaoTestSupport
import Testing

@Suite struct PostgresConnectionTests {
    @Test func queryBindsParametersAndNull() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }

        let result = try connection.query(
            "SELECT $1::int + 1 AS next, $2::text AS missing, $3::text AS greeting",
            ["41", nil, "你好, world"])

        #expect(result.columns == ["next", "missing", "greeting"])
        #expect(result.rowCount == 1)
        #expect(result[0, "next"] == "42")
        #expect(result[0, "missing"] == nil)
        #expect(result[0, "greeting"] == "你好, world")
        #expect(try result.int(row: 0, column: "next") == 42)
        #expect(throws: PostgresError.self) { try result.string(row: 0, column: "missing") }
        #expect(throws: PostgresError.self) { try result.string(row: 0, column: "absent") }
        #expect(throws: PostgresError.self) { try result.int(row: 0, column: "greeting") }
        #expect(throws: PostgresError.self) { try result.string(row: 1, column: "next") }
    }

    @Test func affectedRowsCountsChanges() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }

        try connection.execute(script: "CREATE TABLE items (id int PRIMARY KEY); INSERT INTO items VALUES (1), (2), (3)")
        let updated = try connection.query("UPDATE items SET id = id + 10 WHERE id > $1", ["1"])
        let created = try connection.query("CREATE TABLE other (id int)")

        #expect(updated.affectedRows == 2)
        #expect(updated.commandTag == "UPDATE 2")
        #expect(updated.rowCount == 0)
        #expect(created.affectedRows == 0)
    }

    @Test func uniqueViolationCarriesSQLState() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(
            script: "CREATE TABLE tenants (id int, CONSTRAINT tenants_pkey PRIMARY KEY (id))")
        try connection.query("INSERT INTO tenants VALUES ($1)", ["1"])

        let error = #expect(throws: PostgresError.self) {
            try connection.query("INSERT INTO tenants VALUES ($1)", ["1"])
        }

        #expect(error?.kind == .queryFailed)
        #expect(error?.sqlState == "23505")
        #expect(error?.isUniqueViolation == true)
        #expect(error?.isDeadlock == false)
        #expect(error?.constraint == "tenants_pkey")
        #expect(error?.detail == "Key (id)=(1) already exists.")
        #expect(error?.description.contains("23505") == true)
        #expect(connection.isHealthy)
    }

    @Test func syntaxErrorCarriesSQLState() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }

        let error = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }

        #expect(error?.sqlState == "42601")
        #expect(error?.message.contains("syntax error") == true)
    }

    @Test func connectionFailureHidesPassword() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let url = try ConnectionInfo.settingDatabase("no_such_database_x", in: database.url)
            + " password='Secret-Pa55word'"

        let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: url) }

        #expect(error?.kind == .connectionFailed)
        #expect(error?.message.contains("no_such_database_x") == true)
        #expect(error?.description.contains("Secret-Pa55word") == false)
    }

    @Test func uriPasswordNeverInDescription() throws {
        let url = "postgresql://someone:Secret-Pa55word@/postgres?host=/nonexistent-socket-dir"

        let error = #expect(throws: PostgresError.self) { try PostgresConnection(url: url) }

        #expect(error?.kind == .connectionFailed)
        #expect(error?.description.contains("Secret-Pa55word") == false)
    }

    @Test func transactionCommitsOnReturn() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(script: "CREATE TABLE notes (body text)")

        let value = try connection.transaction { connection in
            try connection.query("INSERT INTO notes VALUES ($1)", ["kept"])
            return 7
        }

        #expect(value == 7)
        #expect(try connection.query("SELECT body FROM notes").rows == [["kept"]])
        #expect(!connection.isInTransaction)
    }

    @Test func transactionRollsBackOnThrow() throws {
        struct Abort: Error {}
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(script: "CREATE TABLE notes (body text)")

        #expect(throws: Abort.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO notes VALUES ($1)", ["discarded"])
                throw Abort()
            }
        }

        #expect(try connection.query("SELECT body FROM notes").rowCount == 0)
        #expect(!connection.isInTransaction)
        #expect(connection.isHealthy)
    }

    @Test func transactionRejectsCaughtFailure() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(script: "CREATE TABLE notes (body text NOT NULL)")

        let error = #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.query("INSERT INTO notes VALUES ($1)", ["first"])
                _ = try? connection.query("INSERT INTO notes VALUES ($1)", [nil])
            }
        }

        #expect(error?.kind == .transactionAborted)
        #expect(try connection.query("SELECT body FROM notes").rowCount == 0)
        #expect(connection.isHealthy)
    }

    @Test func nestedTransactionUsesSavepoint() throws {
        struct Abort: Error {}
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(script: "CREATE TABLE notes (body text)")

        try connection.transaction { connection in
            try connection.query("INSERT INTO notes VALUES ($1)", ["outer"])
            #expect(throws: Abort.self) {
                try connection.transaction { connection in
                    try connection.query("INSERT INTO notes VALUES ($1)", ["inner"])
                    throw Abort()
                }
            }
        }

        #expect(try connection.query("SELECT body FROM notes").rows == [["outer"]])
    }

    @Test func preparedStatementIsReused() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let sql = "SELECT $1::int * 2 AS doubled"

        let first = try connection.queryPrepared(sql, ["2"])
        let second = try connection.queryPrepared(sql, ["5"])
        let statements = try connection.query(
            "SELECT name, statement FROM pg_prepared_statements")
        try connection.queryPrepared("SELECT $1::text AS echoed", ["x"])

        #expect(first[0, "doubled"] == "4")
        #expect(second[0, "doubled"] == "10")
        #expect(statements.rowCount == 1)
        #expect(statements[0, "statement"] == sql)
        #expect(connection.preparedStatementCount == 2)
    }

    @Test func preparedStatementRecoversFromDeallocate() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let sql = "SELECT $1::int AS value"
        try connection.queryPrepared(sql, ["1"])
        try connection.execute(script: "DEALLOCATE ALL")

        let error = #expect(throws: PostgresError.self) { try connection.queryPrepared(sql, ["2"]) }
        let retried = try connection.queryPrepared(sql, ["3"])

        #expect(error?.sqlState == "26000")
        #expect(retried[0, "value"] == "3")
    }

    @Test func scriptRunsSeveralStatements() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }

        try connection.execute(
            script: "CREATE TABLE a (x int); INSERT INTO a VALUES (1); INSERT INTO a VALUES (2);")

        #expect(try connection.query("SELECT count(*) AS n FROM a").int(row: 0, column: "n") == 2)
    }

    @Test func closeIsIdempotent() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()

        connection.close()
        connection.close()

        #expect(connection.isClosed)
        #expect(!connection.isHealthy)
        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.kind == .connectionClosed)
    }

    @Test func terminatedBackendIsUnhealthy() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }

        let error = #expect(throws: PostgresError.self) {
            try connection.query("SELECT pg_terminate_backend(pg_backend_pid())")
        }

        #expect(error?.kind == .connectionLost)
        #expect(!connection.isHealthy)
    }

    @Test func keyValueConninfoAccepted() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let conninfo = try ConnectionInfo.settingDatabase(database.name, in: database.url)
        let connection = try PostgresConnection(url: conninfo)
        defer { connection.close() }

        let result = try connection.query("SELECT current_database() AS name")

        #expect(conninfo.contains("dbname="))
        #expect(result[0, "name"] == database.name)
    }
}
