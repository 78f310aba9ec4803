import FapiaoAPI
import FapiaoClient
import FapiaoTransport
import FapiaoWire
import Foundation
import Synchronization

/// Schedule of calls: the next one to make and when to stop, shared by every connection.
final class LoadPlan: Sendable {
    private let method: String
    private let requests: [[UInt8]]
    private let metadata: [Metadata]
    private let issuesInvoices: Bool
    private let runID = UUID().uuidString.prefix(8).lowercased()
    private let count: Int?
    private let deadline = Atomic<UInt64>(UInt64.max)
    private let claimed = Atomic<Int>(0)

    init(options: BenchOptions, setup: BenchSetup) {
        count = options.count
        issuesInvoices = options.method == .issue
        func authorization(_ key: String) -> Metadata {
            var metadata = Metadata()
            metadata.add(Metadata.Key.authorization, "Bearer \(key)")
            return metadata
        }
        switch options.method {
        case .health:
            method = MethodNames.healthCheck
            requests = [HealthCheckRequest().protobufBytes()]
            metadata = [Metadata()]
        case .issue:
            method = MethodNames.issueInvoice
            requests = [BenchRequests.invoice().protobufBytes()]
            metadata = setup.tenantKeys.map(authorization)
        case .get:
            method = MethodNames.getInvoice
            requests = setup.invoices.map { GetInvoiceRequest(id: $0.id).protobufBytes() }
            metadata = setup.invoices.map { authorization(setup.tenantKeys[$0.tenant]) }
        case .list:
            method = MethodNames.listInvoices
            requests = [ListInvoicesRequest(pageSize: 100).protobufBytes()]
            metadata = setup.tenantKeys.map(authorization)
        }
    }

    /// Starts the clock of a run bounded by duration.
    func start(duration: Double?) {
        guard let duration else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        deadline.store(now + UInt64(duration * 1e9), ordering: .relaxed)
    }

    /// Returns the index of the next call, or nil when the run is over.
    func claim() -> Int? {
        if DispatchTime.now().uptimeNanoseconds >= deadline.load(ordering: .relaxed) { return nil }
        let index = claimed.wrappingAdd(1, ordering: .relaxed).oldValue
        if let count, index >= count { return nil }
        return index
    }

    /// Returns the request body and metadata of call `index`. Calls cycle
    /// through tenants (and, for get, through the prepared invoices), and each
    /// IssueInvoice call gets its own idempotency key.
    func call(_ index: Int) -> (method: String, request: [UInt8], metadata: Metadata) {
        var callMetadata = metadata[index % metadata.count]
        if issuesInvoices {
            callMetadata.add(Metadata.Key.idempotencyKey, "bench-\(runID)-\(index)")
        }
        return (method, requests[index % requests.count], callMetadata)
    }
}

/// Keeps `inFlight` calls running on one connection and records their
/// latencies and final status codes.
///
/// Mutable state is confined to the client's event loop, where `onStatus` runs.
final class ConnectionDriver: @unchecked Sendable {
    private let client: FapiaoClient
    private let loop: EventLoop
    private let plan: LoadPlan
    private let inFlight: Int
    private let finished: DispatchGroup
    private var running = 0
    /// Latency of each call that ended with OK, in nanoseconds.
    private(set) var latencies: [UInt64] = []
    /// Number of calls that ended with each status code other than OK.
    private(set) var errors: [StatusCode: Int] = [:]

    init(client: FapiaoClient, loop: EventLoop, plan: LoadPlan, inFlight: Int, finished: DispatchGroup) {
        self.client = client
        self.loop = loop
        self.plan = plan
        self.inFlight = inFlight
        self.finished = finished
        latencies.reserveCapacity(1 << 16)
    }

    /// Starts the first calls; `finished` is left once the last one ends.
    func start() {
        finished.enter()
        loop.execute {
            for _ in 0..<self.inFlight where !self.launch() { break }
            if self.running == 0 { self.finished.leave() }
        }
    }

    private func launch() -> Bool {
        guard let index = plan.claim() else { return false }
        running += 1
        let call = plan.call(index)
        let started = DispatchTime.now().uptimeNanoseconds
        client.startCall(
            method: call.method, request: call.request, metadata: call.metadata,
            onMessage: { _ in },
            onStatus: { status in
                self.complete(status.code, latency: DispatchTime.now().uptimeNanoseconds - started)
            })
        return true
    }

    private func complete(_ code: StatusCode, latency: UInt64) {
        running -= 1
        if code == .ok {
            latencies.append(latency)
        } else {
            errors[code, default: 0] += 1
        }
        if !launch() && running == 0 { finished.leave() }
    }
}
