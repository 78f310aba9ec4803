import FapiaoLogging
import FapiaoTransport
import Foundation
import Synchronization
import Testing

@Suite struct TLSConnectionTests {
    private func connect(
        _ server: TestServer, host: String = "127.0.0.1", context: TLSContext? = nil,
        group: EventLoopGroup, collector: Collector
    ) throws -> TLSConnection {
        try TLSConnection.connectBlocking(
            host: host, port: server.port, context: context ?? TestCertificates.clientContext(),
            loop: group.next(), delegateFactory: { _ in collector })
    }

    private func echo(_ payload: [UInt8], over connection: TLSConnection, collector: Collector) -> [UInt8] {
        connection.eventLoop.execute { connection.write(payload) }
        _ = waitUntil(timeout: .seconds(20)) { collector.receivedCount >= payload.count }
        return collector.received
    }

    @Test func echoSmallPayload() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()
        let connection = try connect(server, group: clients, collector: collector)

        let payload = Array("hello, fapiao".utf8)
        #expect(echo(payload, over: connection, collector: collector) == payload)
        #expect(onLoop(connection.eventLoop) { connection.remoteAddress } == "127.0.0.1:\(server.port)")
        #expect(onLoop(connection.eventLoop) { connection.bufferedOutboundBytes } == 0)
    }

    @Test func echoOneMebibyte() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()
        let connection = try connect(server, group: clients, collector: collector)

        let payload = patternBytes(1 << 20)
        let received = echo(payload, over: connection, collector: collector)
        #expect(received.count == payload.count)
        #expect(received == payload)
    }

    @Test func negotiatesALPNAndVersion() throws {
        let serverProtocol = Mutex<String?>(nil)
        let server = try TestServer(delegateFactory: { connection in
            serverProtocol.withLock { $0 = connection.applicationProtocol }
            return EchoDelegate()
        })
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let connection = try connect(server, group: clients, collector: Collector())

        #expect(onLoop(connection.eventLoop) { connection.applicationProtocol } == "fapiao/1")
        #expect(onLoop(connection.eventLoop) { connection.tlsVersion } == "TLSv1.3")
        #expect(waitUntil { serverProtocol.withLock { $0 } != nil })
        #expect(serverProtocol.withLock { $0 } == "fapiao/1")
    }

    @Test func rejectsClientOfferingOnlyH2() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let context = try TestCertificates.clientContext(applicationProtocols: ["h2"])

        #expect(throws: TLSError.self) {
            try connect(server, context: context, group: clients, collector: Collector())
        }
    }

    @Test func acceptsClientWithoutALPN() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let context = try TestCertificates.clientContext(applicationProtocols: [])
        let collector = Collector()
        let connection = try connect(server, context: context, group: clients, collector: collector)

        #expect(onLoop(connection.eventLoop) { connection.applicationProtocol } == nil)
        #expect(echo([1, 2, 3], over: connection, collector: collector) == [1, 2, 3])
    }

    @Test func rejectsServerSignedByOtherAuthority() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let context = try TestCertificates.clientContext(authority: TestCertificates.other.authority)

        let error = #expect(throws: TLSError.self) {
            try connect(server, context: context, group: clients, collector: Collector())
        }
        #expect(error?.description.contains("certificate verify failed") == true)
    }

    @Test func rejectsHostnameMismatch() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let context = try TestCertificates.clientContext(serverName: "fapiao.example")

        let error = #expect(throws: TLSError.self) {
            try connect(server, context: context, group: clients, collector: Collector())
        }
        #expect(error?.description.contains("hostname mismatch") == true)
    }

    @Test func acceptsMatchingServerName() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let context = try TestCertificates.clientContext(serverName: "localhost")

        let connection = try connect(server, context: context, group: clients, collector: Collector())
        #expect(onLoop(connection.eventLoop) { connection.isActive })
    }

    @Test func connectsByLocalhostName() throws {
        // "localhost" may resolve to ::1 first, where nothing listens, so
        // this also covers falling back to the next address.
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()

        let connection = try connect(server, host: "localhost", group: clients, collector: collector)
        #expect(echo([42], over: connection, collector: collector) == [42])
    }

    @Test func reportsServerCertificateFingerprint() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let connection = try connect(server, group: clients, collector: Collector())
        let openssl = try runProcess(
            "/usr/bin/openssl",
            ["x509", "-in", TestCertificates.main.certificateChain.path, "-noout", "-fingerprint", "-sha256"])
        let expected = openssl.output.split(separator: "=").last.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ":", with: "").lowercased()
        }

        let fingerprint = onLoop(connection.eventLoop) { connection.peerCertificateFingerprint }
        #expect(fingerprint != nil)
        #expect(fingerprint == expected)
    }

    @Test func requiredClientCertificateRejectsAnonymousClient() throws {
        let context = try TLSContext(
            configuration: .server(
                certificateChain: TestCertificates.main.certificateChain,
                privateKey: TestCertificates.main.privateKey,
                clientAuthorities: TestCertificates.main.authority, requireClientCertificate: true))
        let server = try TestServer(context: context)
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()

        // In TLS 1.3 the client finishes its handshake before the server
        // checks the certificate, so the rejection can arrive as the close.
        do {
            _ = try connect(server, group: clients, collector: collector)
            #expect(waitUntil { collector.closeCount == 1 })
            #expect(collector.closeError != nil)
        } catch {
            #expect(error is TLSError)
        }
    }

    @Test func closeAfterFlushDeliversAllBytes() throws {
        let payload = patternBytes(1 << 20)
        final class SendAndClose: ConnectionDelegate {
            let payload: [UInt8]
            init(payload: [UInt8]) { self.payload = payload }
            func connectionDidBecomeActive(_ connection: TLSConnection) {
                connection.write(payload)
                connection.closeAfterFlush()
                connection.write([0xFF])
            }
            func connection(_ connection: TLSConnection, didRead bytes: UnsafeRawBufferPointer) {}
            func connectionDidClose(_ connection: TLSConnection, error: (any Error)?) {}
        }
        let server = try TestServer(delegateFactory: { _ in SendAndClose(payload: payload) })
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()
        _ = try connect(server, group: clients, collector: collector)

        #expect(waitUntil(timeout: .seconds(20)) { collector.closeCount == 1 })
        #expect(collector.receivedCount == payload.count)
        #expect(collector.received == payload)
        #expect(collector.closeError == nil)
    }

    @Test func closeNotifiesDelegateOnce() throws {
        let serverCloses = Mutex(0)
        final class CountingEcho: ConnectionDelegate {
            let closes: @Sendable () -> Void
            init(closes: @escaping @Sendable () -> Void) { self.closes = closes }
            func connection(_ connection: TLSConnection, didRead bytes: UnsafeRawBufferPointer) {
                connection.close()
                connection.close()
            }
            func connectionDidClose(_ connection: TLSConnection, error: (any Error)?) { closes() }
        }
        let server = try TestServer(delegateFactory: { _ in
            CountingEcho { serverCloses.withLock { $0 += 1 } }
        })
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()
        let connection = try connect(server, group: clients, collector: collector)
        connection.eventLoop.execute { connection.write([1]) }

        #expect(waitUntil { collector.closeCount == 1 })
        #expect(waitUntil { serverCloses.withLock { $0 } == 1 })
        usleep(50_000)
        #expect(serverCloses.withLock { $0 } == 1)
        #expect(collector.closeCount == 1)
    }

    @Test func garbageClientDoesNotDisturbEcho() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }

        let garbage = try RawTCPClient(port: server.port)
        garbage.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let collector = Collector()
        let connection = try connect(server, group: clients, collector: collector)

        #expect(echo([7, 8, 9], over: connection, collector: collector) == [7, 8, 9])
        #expect(garbage.waitForClose())
        #expect(onLoop(connection.eventLoop) { connection.isActive })
    }

    @Test func silentClientHitsHandshakeTimeout() throws {
        let server = try TestServer(handshakeTimeout: .milliseconds(200))
        defer { server.stop() }
        let silent = try RawTCPClient(port: server.port)
        let start = ContinuousClock.now

        #expect(silent.waitForClose())
        #expect(start.duration(to: .now) < .seconds(4))
    }

    @Test func holdsThousandIdleConnections() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 2)
        defer { clients.shutdown() }
        let context = try TestCertificates.clientContext()
        let count = 1000
        let connected = Mutex<[TLSConnection]>([])
        let failures = Mutex<[String]>([])
        let residentBefore = residentSetKiB()

        for _ in 0..<count {
            TLSConnection.connect(
                host: "127.0.0.1", port: server.port, context: context, loop: clients.next(),
                delegateFactory: { _ in Collector() }
            ) { result in
                switch result {
                case .success(let connection): connected.withLock { $0.append(connection) }
                case .failure(let error): failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(waitUntil(timeout: .seconds(60)) {
            connected.withLock { $0.count } + failures.withLock { $0.count } == count
        })
        let residentAfter = residentSetKiB()
        #expect(failures.withLock { $0 } == [])
        #expect(connected.withLock { $0.count } == count)

        let collector = Collector()
        let probe = try connect(server, group: clients, collector: collector)
        #expect(echo(Array("still echoing".utf8), over: probe, collector: collector) == Array("still echoing".utf8))
        let allActive = connected.withLock { $0 }.allSatisfy { connection in
            onLoop(connection.eventLoop) { connection.isActive }
        }
        #expect(allActive)

        // Both ends of every connection live in this process.
        let deltaKiB = residentAfter - residentBefore
        Logger(label: "transport-tests").info(
            "idle_connections_rss",
            [
                "connections": .int(count), "rss_delta_kib": .int(deltaKiB),
                "kib_per_connection_pair": .double(Double(deltaKiB) / Double(count)),
            ])
        for connection in connected.withLock({ $0 }) {
            connection.eventLoop.execute { connection.close() }
        }
    }
}
