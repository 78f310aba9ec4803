import FapiaoStore
import FapiaoTestSupport
import Testing

@Suite struct PostgresPipelineTests {
    @Test func pipelineReturnsEveryResult() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }

        let results = try connection.pipeline([
            ("SELECT $1::int * 2 AS doubled", ["21"]),
            ("SELECT $1::text || '!' AS shouted", ["hi"]),
            ("SELECT $1::int * 2 AS doubled", ["5"]),
        ])

        #expect(results.count == 3)
        #expect(results.first?[0, "doubled"] == "42")
        #expect(results.dropFirst().first?[0, "shouted"] == "hi!")
        #expect(results.last?[0, "doubled"] == "10")
        #expect(connection.preparedStatementCount == 2)
    }

    @Test func failedStatementSkipsTheRest() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(script: "CREATE TABLE marks (id int PRIMARY KEY)")

        let error = #expect(throws: PostgresError.self) {
            try connection.pipeline([
                ("INSERT INTO marks VALUES ($1::int)", ["1"]),
                ("SELECT 1 / $1::int AS broken", ["0"]),
                ("INSERT INTO marks VALUES ($1::int)", ["2"]),
            ])
        }
        #expect(error?.sqlState == "22012")

        // Outside a transaction block the statements up to the pipeline's
        // sync form one implicit transaction, so the failure undoes the first
        // insert too.
        let rows = try connection.query("SELECT count(*) AS marks FROM marks")
        #expect(rows[0, "marks"] == "0")
        #expect(connection.isHealthy)
        let again = try connection.pipeline([("SELECT 1 / $1::int AS broken", ["1"])])
        #expect(again.first?[0, "broken"] == "1")
    }

    @Test func committingStatementEndsTransaction() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let observer = try database.connect()
        defer { observer.close() }
        try connection.execute(script: "CREATE TABLE marks (id int PRIMARY KEY)")

        try connection.transaction { connection in
            try connection.queryPrepared("INSERT INTO marks VALUES ($1::int)", ["1"])
            try connection.queryPreparedCommitting("INSERT INTO marks VALUES ($1::int)", ["2"])
            #expect(!connection.isInTransaction)
        }
        let seen = try observer.query("SELECT count(*) AS marks FROM marks")
        #expect(seen[0, "marks"] == "2")

        #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.queryPrepared("INSERT INTO marks VALUES ($1::int)", ["3"])
                try connection.queryPreparedCommitting("INSERT INTO marks VALUES ($1::int)", ["1"])
            }
        }
        #expect(!connection.isInTransaction)
        let after = try observer.query("SELECT count(*) AS marks FROM marks")
        #expect(after[0, "marks"] == "2")
    }
}
