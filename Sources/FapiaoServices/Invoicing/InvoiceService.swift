public import FapiaoAPI
import FapiaoRPC
import FapiaoStore
import FapiaoWire
import Foundation

/// `fapiao.invoice.v1.InvoiceService`: issuing and reading invoices.
public struct InvoiceService: Sendable {
    static let maximumIdempotencyKeyLength = 255
    let validator = InvoiceValidator()

    public init() {}

    /// Every method of the service.
    public var methods: [AnyServiceMethod] {
        [AnyServiceMethod(issueInvoice), AnyServiceMethod(getInvoice)]
    }

    /// `IssueInvoice`: validates, numbers and stores an invoice with its
    /// lines and access-log entry in one transaction. Permission invoice.issue.
    ///
    /// The `idempotency-key` metadata is required. A retry with the same key
    /// and the same request returns the first invoice with `replayed` set; the
    /// same key with another request fails with FAILED_PRECONDITION.
    public var issueInvoice: ServiceMethod<IssueInvoiceRequest, IssueInvoiceResponse> {
        ServiceMethod(
            path: MethodNames.issueInvoice, permission: .invoiceIssue, resourceType: "invoice"
        ) { context, request in
            try issue(request, context: context)
        }
    }

    /// `GetInvoice`: returns one invoice of the caller's tenant. Permission invoice.read.
    public var getInvoice: ServiceMethod<GetInvoiceRequest, Invoice> {
        ServiceMethod(
            path: MethodNames.getInvoice, permission: .invoiceRead, resourceType: "invoice"
        ) { context, request in
            try InvoiceService.get(request, context: context)
        }
    }

    func issue(_ request: IssueInvoiceRequest, context: CallContext) throws -> IssueInvoiceResponse {
        let key = try InvoiceService.idempotencyKey(context.call)
        let draft = try validator.validate(request)
        let requestHash = Digest.sha256ByteaHex(request.protobufBytes())
        let tenantID = context.principal.tenantID
        do {
            return try issueOnce(
                draft, key: key, requestHash: requestHash, tenantID: tenantID, context: context)
        } catch let error as PostgresError where error.isUniqueViolation
            && error.constraint == "invoices_tenant_id_idempotency_key_key"
        {
            // A concurrent call with the same key committed first; its invoice
            // is now visible, so this attempt replays it.
            return try issueOnce(
                draft, key: key, requestHash: requestHash, tenantID: tenantID, context: context)
        }
    }

    private func issueOnce(
        _ draft: InvoiceDraft, key: String, requestHash: String, tenantID: String,
        context: CallContext
    ) throws -> IssueInvoiceResponse {
        try context.transaction { connection in
            if let existing = try InvoiceRepository.findByIdempotencyKey(
                tenantID: tenantID, key: key, on: connection)
            {
                guard existing.requestHash == requestHash else {
                    throw RPCError(
                        .failedPrecondition,
                        "idempotency key '\(key)' was already used for a different request;"
                            + " use a new key for a new invoice")
                }
                guard let invoice = try InvoiceRepository.load(
                    tenantID: tenantID, invoiceID: existing.invoiceID, on: connection)
                else {
                    throw RPCError(.internal, "invoice \(existing.invoiceID) vanished during replay")
                }
                try context.recordSuccess(
                    on: connection, resourceType: "invoice", resourceID: invoice.id,
                    changes: ["replayed": .init(before: nil, after: "true")])
                return IssueInvoiceResponse(invoice: invoice, replayed: true)
            }
            guard let number = try SeriesCounter.next(
                tenantID: tenantID, series: draft.series, on: connection)
            else {
                throw RPCError(.notFound, "series '\(draft.series)' not found")
            }
            let invoiceID = try InvoiceRepository.insert(
                draft, number: number, tenantID: tenantID,
                principalID: context.principal.principalID, idempotencyKey: key,
                requestHash: requestHash, on: connection)
            guard let invoice = try InvoiceRepository.load(
                tenantID: tenantID, invoiceID: invoiceID, on: connection)
            else {
                throw RPCError(.internal, "invoice \(invoiceID) not readable after insert")
            }
            try context.recordSuccess(
                on: connection, resourceType: "invoice", resourceID: invoiceID,
                changes: [
                    "status": .init(before: nil, after: InvoiceStatus.issued.storageName),
                    "series": .init(before: nil, after: draft.series),
                    "number": .init(before: nil, after: String(number.number)),
                    "total_with_tax": .init(before: nil, after: draft.totalWithTax.description),
                ])
            return IssueInvoiceResponse(invoice: invoice, replayed: false)
        }
    }

    static func get(_ request: GetInvoiceRequest, context: CallContext) throws -> Invoice {
        guard UUID(uuidString: request.id) != nil else {
            throw ValidationError(field: "id", reason: "'\(request.id)' is not an invoice id (a UUID)")
        }
        return try context.transaction { connection in
            guard let invoice = try InvoiceRepository.load(
                tenantID: context.principal.tenantID, invoiceID: request.id.lowercased(),
                on: connection)
            else {
                throw RPCError(.notFound, "invoice '\(request.id)' not found")
            }
            try context.recordSuccess(on: connection, resourceType: "invoice", resourceID: invoice.id)
            return invoice
        }
    }

    static func idempotencyKey(_ call: ServerCall) throws -> String {
        guard let key = call.metadata[Metadata.Key.idempotencyKey], !key.isEmpty else {
            throw RPCError(
                .invalidArgument,
                "missing metadata '\(Metadata.Key.idempotencyKey)': IssueInvoice needs a"
                    + " client-chosen key so that a retry cannot issue a second invoice")
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
