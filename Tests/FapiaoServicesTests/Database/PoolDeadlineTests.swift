import Dispatch
import FapiaoLogging
@testable import FapiaoRPC
@testable import FapiaoServices
import FapiaoStore
import FapiaoTestSupport
import FapiaoWire
import Foundation
import Testing

/// A wait for a pooled connection that the call's deadline ends is
/// DEADLINE_EXCEEDED, also when the wait returns just before the deadline.
@Suite struct PoolDeadlineTests {
    static func call(deadline: ContinuousClock.Instant) -> ServerCall {
        ServerCall(
            method: MethodDescriptor(path: "/test.Pool/Wait", kind: .unary), callID: 1,
            metadata: Metadata(), request: [], remoteAddress: "127.0.0.1:1",
            peerCertificateFingerprint: nil, deadline: deadline, requestID: "pool-deadline-test",
            output: CallSessionPrefetchTests.UnusedOutput())
    }

    @Test func exhaustedPoolAtDeadline() throws {
        let database = try TestDatabase.create()
        defer { try? database.drop() }
        let pool = ConnectionPool(
            url: database.url, maximumConnections: 1,
            logger: Logger(label: "pool-deadline-test", sink: .memory()))
        defer { pool.close() }
        let store = Database(pool: pool, acquireTimeout: .seconds(10))

        // Another borrower keeps the only connection until the checks end.
        let borrowed = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? pool.withConnection { _ in
                borrowed.signal()
                release.wait()
            }
        }
        borrowed.wait()
        defer { release.signal() }

        for wait in [Duration.milliseconds(50), .milliseconds(150)] {
            let session = #expect(throws: RPCError.self) {
                try store.withSession(for: Self.call(deadline: .now + wait)) { _ in }
            }
            #expect(session?.code == .deadlineExceeded)
            let transaction = #expect(throws: RPCError.self) {
                try store.transaction(tenant: "t", for: Self.call(deadline: .now + wait)) { _ in }
            }
            #expect(transaction?.code == .deadlineExceeded)
        }
    }
}
