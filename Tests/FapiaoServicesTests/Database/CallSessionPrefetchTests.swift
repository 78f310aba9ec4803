@testable import FapiaoRPC
@testable import FapiaoServices
import FapiaoStore
import FapiaoTestSupport
import FapiaoWire
import Testing

/// A prefetched statement travels with authentication's first statement,
/// and its result reaches the handler once, inside that transaction only.
@Suite struct CallSessionPrefetchTests {
    /// Output of a call to which the tests send no reply.
    final class UnusedOutput: CallOutput {
        func sendMessage(callID: UInt32, _ message: [UInt8], written: @escaping @Sendable () -> Void) {
            written()
        }
        func finish(callID: UInt32, message: [UInt8]?, status: CallStatus) {}
        func reportFailure(call: ServerCall, error: RPCError) {}
    }

    static func call(metadata: Metadata = Metadata()) -> ServerCall {
        ServerCall(
            method: MethodDescriptor(path: "/test.Prefetch/Call", kind: .unary), callID: 1,
            metadata: metadata, request: [], remoteAddress: "127.0.0.1:1",
            peerCertificateFingerprint: nil, deadline: nil, requestID: "prefetch-test",
            output: UnusedOutput())
    }

    static func session(on connection: PostgresConnection) -> CallSession {
        CallSession(connection: connection, call: call())
    }

    static let prefetch = CallSession.Prefetch(
        sql: "SELECT $1::text || current_setting('fapiao.tenant_id') AS value",
        parameters: ["seen-by-"])

    @Test func resultReachesHandlerOnce() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let session = Self.session(on: connection)

        let first = try session.begin(
            tenant: "tenant-a", query: "SELECT 1 AS one", [], prefetch: Self.prefetch)
        #expect(first[0, "one"] == "1")
        let other = CallSession.Prefetch(sql: Self.prefetch.sql, parameters: ["other-"])
        #expect(session.takePrefetched(other) == nil)

        let result = try #require(session.takePrefetched(Self.prefetch))
        // It ran after the tenant setting, in the open transaction.
        #expect(result[0, "value"] == "seen-by-tenant-a")
        #expect(connection.isInTransaction)
        #expect(session.takePrefetched(Self.prefetch) == nil)
        session.end()
    }

    @Test func endedTransactionDropsResult() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let connection = try database.connect()
        defer { connection.close() }
        let session = Self.session(on: connection)

        _ = try session.begin(tenant: "tenant-a", query: "SELECT 1", [], prefetch: Self.prefetch)
        session.rollBack()
        #expect(session.takePrefetched(Self.prefetch) == nil)

        _ = try session.begin(tenant: "tenant-a", query: "SELECT 1", [], prefetch: Self.prefetch)
        try session.transaction(tenant: "tenant-a") { _ in }
        #expect(session.takePrefetched(Self.prefetch) == nil)

        // A transaction of another tenant does not continue the open one.
        _ = try session.begin(tenant: "tenant-a", query: "SELECT 1", [], prefetch: Self.prefetch)
        let seen = try session.transaction(tenant: "tenant-b") { _ in
            session.takePrefetched(Self.prefetch)
        }
        #expect(seen == nil)
    }

    @Test func issuingPrefetchesTheKeyLookup() {
        var metadata = Metadata()
        metadata.add(Metadata.Key.idempotencyKey, "order-17")
        let prefetch = InvoiceService.idempotencyPrefetch(Self.call(metadata: metadata), tenantID: "t")
        #expect(prefetch == InvoiceRepository.idempotencyLookup(tenantID: "t", key: "order-17"))
        #expect(prefetch?.parameters == ["t", "order-17"])

        // Without a valid key there is nothing to prefetch; the handler reports it.
        #expect(InvoiceService.idempotencyPrefetch(Self.call(), tenantID: "t") == nil)
        var spaced = Metadata()
        spaced.add(Metadata.Key.idempotencyKey, "has space")
        #expect(InvoiceService.idempotencyPrefetch(Self.call(metadata: spaced), tenantID: "t") == nil)
    }
}
