import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation
import Testing

@Suite("Shutdown and restart", .serialized)
struct ShutdownTests {
    @Test("SIGTERM sends GOAWAY and finishes calls in flight")
    func gracefulShutdown() throws {
        let server = try ServerProcess()
        defer { server.remove() }
        let connection = try RawConnection(
            host: server.address.host, port: server.address.port, authority: server.authority)
        connection.send(callFrame(1, MethodNames.healthCheck))
        // A round trip makes sure the server has opened call 1.
        connection.send(Frame(type: .ping, callID: 0, payload: [0, 0, 0, 0, 0, 0, 0, 1]))
        #expect(connection.nextFrame()?.type == .ping)

        kill(server.process.processIdentifier, SIGTERM)
        let goAway = try #require(connection.nextNonPingFrame())
        #expect(goAway.type == .goAway)
        let payload = try GoAway.decode(goAway.payload)
        #expect(payload.lastCallID == 1)
        #expect(payload.code == .unavailable)

        connection.send(callFrame(3, MethodNames.healthCheck))
        let refused = try #require(connection.nextNonPingFrame())
        #expect(refused.callID == 3)
        #expect(try CallStatus.decode(refused.payload).code == .unavailable)

        connection.send(healthRequest(1))
        let reply = try #require(connection.nextNonPingFrame())
        #expect(reply.type == .message)
        #expect(reply.callID == 1)
        let status = try #require(connection.nextNonPingFrame())
        #expect(status.type == .status)
        #expect(try CallStatus.decode(status.payload).code == .ok)
        #expect(connection.waitForClose())
        #expect(server.stop() == 0)
        #expect(server.logLines.contains { $0.contains("\"event\":\"server_stopped\"") })
    }

    @Test("Watch sees NOT_SERVING on shutdown")
    func watchDuringShutdown() throws {
        let server = try ServerProcess(environment: ["FAPIAO_SHUTDOWN_GRACE_SECONDS": "1"])
        defer { server.remove() }
        let connection = try RawConnection(
            host: server.address.host, port: server.address.port, authority: server.authority)
        connection.send(callFrame(1, MethodNames.healthWatch))
        connection.send(healthRequest(1))
        let first = try #require(connection.nextNonPingFrame())
        #expect(try HealthCheckResponse(protobufBytes: first.payload).status == .serving)

        kill(server.process.processIdentifier, SIGTERM)
        var sawNotServing = false
        var finalStatus: CallStatus?
        while let frame = connection.nextNonPingFrame(timeout: 15) {
            if frame.type == .message,
                try HealthCheckResponse(protobufBytes: frame.payload).status == .notServing
            {
                sawNotServing = true
            }
            if frame.type == .status { finalStatus = try CallStatus.decode(frame.payload) }
        }
        #expect(sawNotServing)
        #expect(finalStatus?.code == .unavailable)
        #expect(server.stop() == 0)
    }

    @Test("embedded database survives restart and stops with the server")
    func embeddedDatabaseRestart() throws {
        let directory = URL(fileURLWithPath: "/tmp/fapiao-e2e-embedded-\(UInt32.random(in: .min ... .max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try ServerProcess(dataDirectory: directory, embeddedDatabase: true)
        let adminKey = try first.adminKey
        let certificate = try Data(contentsOf: directory.appendingPathComponent("tls/server.pem"))
        let tenant = try SharedServer.createTenant("嵌入式", on: first)
        let client = try first.client(apiKey: tenant.apiKey)
        let metadata = idempotencyMetadata("restart-key")
        let issued = try client.call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: metadata)
        client.close()
        let postmaster = try postmasterProcessID(directory)
        #expect(first.stop() == 0)
        #expect(processIsGone(postmaster), "postmaster \(postmaster) still running")

        let second = try ServerProcess(dataDirectory: directory, embeddedDatabase: true)
        defer { second.stop() }
        #expect(try second.adminKey == adminKey)
        #expect(try Data(contentsOf: directory.appendingPathComponent("tls/server.pem")) == certificate)
        let again = try second.client(apiKey: tenant.apiKey)
        defer { again.close() }
        let replay = try again.call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: metadata)
        #expect(replay.replayed)
        #expect(replay.invoice?.id == issued.invoice?.id)
        #expect(replay.invoice?.number == issued.invoice?.number)
        let secondPostmaster = try postmasterProcessID(directory)
        #expect(second.stop() == 0)
        #expect(processIsGone(secondPostmaster), "postmaster \(secondPostmaster) still running")
    }

    @Test("second server leaves the first one's database running")
    func secondServerOnSameDirectory() throws {
        let directory = URL(fileURLWithPath: "/tmp/fapiao-e2e-twice-\(UInt32.random(in: .min ... .max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try ServerProcess(dataDirectory: directory, embeddedDatabase: true)
        defer { first.stop() }
        let postmaster = try postmasterProcessID(directory)

        var failure: ServerStartFailure?
        do {
            let second = try ServerProcess(dataDirectory: directory, embeddedDatabase: true)
            second.stop()
        } catch let error as ServerStartFailure {
            failure = error
        }
        let log = try #require(failure).log
        #expect(log.contains("another process"))
        #expect(log.contains(directory.path))

        // The first server's database still runs and serves calls.
        #expect(try postmasterProcessID(directory) == postmaster)
        let tenant = try SharedServer.createTenant("仍在运行", on: first)
        let client = try first.client(apiKey: tenant.apiKey)
        defer { client.close() }
        let issued = try client.call(
            MethodNames.issueInvoice, sampleInvoiceRequest(), as: IssueInvoiceResponse.self,
            metadata: idempotencyMetadata())
        #expect(issued.invoice?.number == 1)
    }

    /// Waits up to 5 s for `pid` to exit. A zombie counts as exited, because
    /// the process that reaps it is not ours.
    func processIsGone(_ pid: pid_t) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        repeat {
            if kill(pid, 0) != 0 { return true }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                stat[stat.index(close, offsetBy: 2)] == "Z"
            {
                return true
            }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return false
    }

    /// Reads the first line of the embedded cluster's postmaster.pid.
    func postmasterProcessID(_ dataDirectory: URL) throws -> pid_t {
        let text = try String(
            contentsOf: dataDirectory.appendingPathComponent("postgres/data/postmaster.pid"),
            encoding: .utf8)
        return try #require(pid_t(text.split(separator: "\n").first ?? ""))
    }
}
