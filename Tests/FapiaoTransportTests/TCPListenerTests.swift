import FapiaoTransport
import Foundation
import Glibc
import Testing

/// Whether a socket can be bound to ::1 on this machine.
private let loopbackIPv6Available: Bool = {
    let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else {
        return false
    }
    defer { close(descriptor) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
        }
    }
    return result == 0
}()

@Suite struct TCPListenerTests {
    @Test func portZeroReportsChosenPort() throws {
        let server = try TestServer()
        defer { server.stop() }

        #expect(server.listener.localAddress.host == "127.0.0.1")
        #expect(server.listener.localAddress.port > 0)
        #expect(server.listener.localAddress.description == "127.0.0.1:\(server.port)")
    }

    @Test func bindsLocalhostName() throws {
        let server = try TestServer(host: "localhost")
        defer { server.stop() }

        #expect(["127.0.0.1", "::1"].contains(server.listener.localAddress.host))
        #expect(server.port > 0)
    }

    @Test func rejectsInvalidPort() throws {
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        #expect(throws: TransportError.invalidPort(70000)) {
            try TCPListener.bind(
                host: "127.0.0.1", port: 70000, group: group, context: TestCertificates.serverContext(),
                logger: TestCertificates.quietLogger, delegateFactory: { _ in EchoDelegate() })
        }
    }

    @Test func reportsPortInUse() throws {
        let server = try TestServer()
        defer { server.stop() }
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }

        let error = #expect(throws: SocketError.self) {
            try TCPListener.bind(
                host: "127.0.0.1", port: server.port, group: group, context: TestCertificates.serverContext(),
                logger: TestCertificates.quietLogger, delegateFactory: { _ in EchoDelegate() })
        }
        #expect(error?.code == EADDRINUSE)
    }

    @Test func stopAcceptingRefusesNewConnections() throws {
        let server = try TestServer()
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()
        let open = try TLSConnection.connectBlocking(
            host: "127.0.0.1", port: server.port, context: TestCertificates.clientContext(),
            loop: clients.next(), delegateFactory: { _ in collector })

        server.listener.stopAccepting()

        #expect(throws: SocketError.self) {
            try TLSConnection.connectBlocking(
                host: "127.0.0.1", port: server.port, context: TestCertificates.clientContext(),
                loop: clients.next(), delegateFactory: { _ in Collector() })
        }
        open.eventLoop.execute { open.write([5]) }
        #expect(waitUntil { collector.received == [5] })
    }

    @Test(.enabled(if: loopbackIPv6Available, "::1 cannot be bound on this machine"))
    func echoesOverIPv6Loopback() throws {
        let server = try TestServer(host: "::1")
        defer { server.stop() }
        let clients = try EventLoopGroup(threads: 1)
        defer { clients.shutdown() }
        let collector = Collector()

        let connection = try TLSConnection.connectBlocking(
            host: "::1", port: server.port, context: TestCertificates.clientContext(),
            loop: clients.next(), delegateFactory: { _ in collector })
        connection.eventLoop.execute { connection.write([1, 2]) }

        #expect(server.listener.localAddress.description == "[::1]:\(server.port)")
        #expect(waitUntil { collector.received == [1, 2] })
        #expect(onLoop(connection.eventLoop) { connection.remoteAddress } == "[::1]:\(server.port)")
    }
}
