import FapiaoAPI
import FapiaoClient
import FapiaoStore
import FapiaoWire
import Foundation
import Testing

/// Health follows whether the database responds: the server's probe loses
/// its connection and cannot reconnect while the database refuses
/// connections.
@Suite("Health and the database")
struct HealthDatabaseTests {
    /// Polls Check for up to 10 s until it reports `expected`.
    static func waitForStatus(_ expected: ServingStatus, client: FapiaoClient) throws -> Bool {
        for _ in 0..<100 {
            let response = try client.call(
                MethodNames.healthCheck, HealthCheckRequest(), as: HealthCheckResponse.self)
            if response.status == expected { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    @Test("unreachable database turns health NOT_SERVING")
    func unreachableDatabase() throws {
        let server = try ServerProcess()
        defer { server.remove() }
        let database = try #require(server.database)
        let superuser = try PostgresConnection(url: try ConnectionInfo.settingDatabase("postgres", in: database.url))
        defer { superuser.close() }
        let client = try server.client()
        defer { client.close() }
        #expect(try Self.waitForStatus(.serving, client: client))

        let connection = try RawConnection(
            host: server.address.host, port: server.address.port, authority: server.authority)
        connection.send(callFrame(1, MethodNames.healthWatch))
        connection.send(healthRequest(1))
        let first = try #require(connection.nextNonPingFrame())
        #expect(try HealthCheckResponse(protobufBytes: first.payload).status == .serving)

        // The database refuses new connections, and the probe's connection ends.
        try superuser.execute(script: "ALTER DATABASE \(database.name) ALLOW_CONNECTIONS false")
        _ = try superuser.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
            [database.name, "fapiao-health-probe"])
        #expect(try Self.waitForStatus(.notServing, client: client))
        let watched = try #require(connection.nextNonPingFrame(timeout: 10))
        #expect(try HealthCheckResponse(protobufBytes: watched.payload).status == .notServing)
        #expect(server.logLines.contains { $0.contains("database_unreachable") })

        try superuser.execute(script: "ALTER DATABASE \(database.name) ALLOW_CONNECTIONS true")
        #expect(try Self.waitForStatus(.serving, client: client))
        let again = try #require(connection.nextNonPingFrame(timeout: 10))
        #expect(try HealthCheckResponse(protobufBytes: again.payload).status == .serving)
    }
}
