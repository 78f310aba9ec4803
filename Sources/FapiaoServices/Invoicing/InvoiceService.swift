public import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import FapiaoWire
import Foundation

/// `fapiao.invoice.v1.InvoiceService`: issuing, reading, delivering and
/// reversing invoices.
public struct InvoiceService: Sendable {
    static let maximumIdempotencyKeyLength = 255

    public init() {}

    /// Every method of the service.
    public var methods: [AnyServiceMethod] {
        [
            AnyServiceMethod(issueInvoice), AnyServiceMethod(getInvoice),
            AnyServiceMethod(InvoiceLifecycle.deliverInvoice),
            AnyServiceMethod(InvoiceLifecycle.acknowledgeInvoice),
            AnyServiceMethod(InvoiceLifecycle.archiveInvoice),
            AnyServiceMethod(CreditNoteIssuer.issueCreditNote),
            AnyServiceMethod(InvoiceSearch.listInvoices),
            AnyServiceMethod(InvoiceSearch.exportInvoices),
            AnyServiceMethod(InvoiceSearch.verifyInvoices),
            AnyServiceMethod(InvoiceSearch.reconcileTotals),
        ]
    }

    /// `IssueInvoice`: validates, numbers and stores an invoice with its
    /// lines and access-log entry in one transaction. Permission invoice.issue.
    ///
    /// The `idempotency-key` metadata is required. A retry with the same key
    /// and the same request returns the first invoice with `replayed` set; the
    /// same key with another request fails with FAILED_PRECONDITION.
    public var issueInvoice: ServiceMethod<IssueInvoiceRequest, IssueInvoiceResponse> {
        ServiceMethod(
            path: MethodNames.issueInvoice, permission: .invoiceIssue, resourceType: "invoice",
            prefetch: InvoiceService.idempotencyPrefetch
        ) { context, request in
            let key = try InvoiceService.idempotencyKey(context.call)
            let draft = try InvoiceValidator(policy: context.principal.invoicePolicy).validate(
                request)
            let issuance = InvoiceRepository.Issuance(
                tenantID: context.principal.tenantID, principalID: context.principal.principalID,
                idempotencyKey: key, requestHash: Digest.sha256ByteaHex(request.protobufBytes()),
                retentionYears: context.principal.invoicePolicy.retentionYears)
            return try InvoiceIssuer.issue(draft, issuance: issuance, context: context)
        }
    }

    /// `GetInvoice`: one invoice of the caller's tenant, by id or by series
    /// and number. Permission invoice.read.
    public var getInvoice: ServiceMethod<GetInvoiceRequest, Invoice> {
        ServiceMethod(
            path: MethodNames.getInvoice, permission: .invoiceRead, resourceType: "invoice"
        ) { context, request in
            try InvoiceService.get(request, context: context)
        }
    }

    static func get(_ request: GetInvoiceRequest, context: CallContext) throws -> Invoice {
        let tenantID = context.principal.tenantID
        var entry = context.entry(statusCode: 0, statusMessage: "")
        entry.resourceType = "invoice"
        if request.id.isEmpty && !request.series.isEmpty {
            guard request.number > 0 else {
                throw ValidationError(field: "number", reason: "is required with series")
            }
            let invoice = try context.transaction { connection in
                try InvoiceRepository.loadRecordingSuccess(
                    .bySeriesNumber, [tenantID, request.series, String(request.number)], entry: entry,
                    on: connection)
            }
            guard let invoice else {
                throw RPCError(
                    .notFound,
                    "invoice \(request.number) of series '\(request.series.prefix(32))' not found")
            }
            context.markSuccessRecorded()
            return invoice
        }
        let id = try Identifier.uuid(request.id, field: "id")
        let invoice = try context.transaction { connection in
            try InvoiceRepository.loadRecordingSuccess(
                .byID, [tenantID, id], entry: entry, on: connection)
        }
        guard let invoice else { throw RPCError(.notFound, "invoice '\(request.id)' not found") }
        context.markSuccessRecorded()
        return invoice
    }

    /// Returns the idempotency-key lookup of an issuing call, to run with
    /// authentication; nil when the metadata is invalid, which the handler
    /// then reports.
    @Sendable
    static func idempotencyPrefetch(_ call: ServerCall, tenantID: String) -> CallSession.Prefetch? {
        guard let key = try? idempotencyKey(call) else { return nil }
        return InvoiceRepository.idempotencyLookup(tenantID: tenantID, key: key)
    }

    static func idempotencyKey(_ call: ServerCall) throws -> String {
        guard let key = call.metadata[Metadata.Key.idempotencyKey], !key.isEmpty else {
            throw RPCError(
                .invalidArgument,
                "missing metadata '\(Metadata.Key.idempotencyKey)': issuing needs a client-chosen"
                    + " key so that a retry cannot issue a second invoice")
        }
        guard key.utf8.count <= maximumIdempotencyKeyLength,
            key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7e })
        else {
            throw RPCError(
                .invalidArgument,
                "metadata '\(Metadata.Key.idempotencyKey)' must be 1 to"
                    + " \(maximumIdempotencyKeyLength) printable ASCII characters without spaces")
        }
        return key
    }
}
