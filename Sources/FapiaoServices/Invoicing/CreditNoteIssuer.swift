import FapiaoAPI
import FapiaoRPC
import FapiaoStore

/// Red-letter credit notes (红字发票) that reverse all or part of an invoice.
///
/// A credit note has its own number in the original's series, negative
/// quantities, amounts and taxes, and names the original. The original's
/// credited total grows by the note's total and its status becomes
/// REVERSED, or PARTIALLY_REVERSED while something is left. The credit notes
/// of an invoice never exceed it.
enum CreditNoteIssuer {
    static let partialReasons: Set<CreditReason> = [.salesReturn, .salesDiscount]

    static let issueCreditNote = ServiceMethod<IssueCreditNoteRequest, IssueInvoiceResponse>(
        path: MethodNames.issueCreditNote, permission: .invoiceReverse, resourceType: "invoice",
        prefetch: InvoiceService.idempotencyPrefetch
    ) { context, request in
        let key = try InvoiceService.idempotencyKey(context.call)
        let originalID = try Identifier.uuid(request.originalInvoiceID, field: "originalInvoiceId")
        guard request.reason != .unspecified else {
            throw ValidationError(
                field: "reason",
                reason:
                    "is required: INVOICING_ERROR, SALES_RETURN, SALES_DISCOUNT or SERVICE_STOPPED")
        }
        if !request.lines.isEmpty && !partialReasons.contains(request.reason) {
            throw ValidationError(
                field: "lines",
                reason:
                    "\(request.reason.protoName) reverses the whole invoice, so lines must be empty;"
                    + " only SALES_RETURN and SALES_DISCOUNT reverse part of it")
        }
        let tenantID = context.principal.tenantID
        let original = try context.transaction { connection in
            try InvoiceRepository.load(tenantID: tenantID, invoiceID: originalID, on: connection)
        }
        guard let original else {
            throw RPCError(.notFound, "invoice '\(request.originalInvoiceID)' not found")
        }
        guard original.kind != .creditNote else {
            throw RPCError(
                .failedPrecondition,
                "invoice '\(originalID)' is a credit note; it cannot be reversed")
        }
        let draft = try CreditNoteIssuer.draft(
            for: request, original: original, policy: context.principal.invoicePolicy)
        var issuance = InvoiceRepository.Issuance(
            tenantID: tenantID, principalID: context.principal.principalID, idempotencyKey: key,
            requestHash: Digest.sha256ByteaHex(request.protobufBytes()),
            retentionYears: context.principal.invoicePolicy.retentionYears)
        issuance.kind = .creditNote
        issuance.originalInvoiceID = originalID
        issuance.creditReason = request.reason
        let reversal = draft.totalWithTax.magnitude
        guard !reversal.isZero else {
            throw ValidationError(
                field: "lines",
                reason: "the credit note would reverse 0.00; reverse a positive amount")
        }
        // Net amount per tax rate that this note reverses, as positive values.
        var reversedByRate: [ExactDecimal: ExactDecimal] = [:]
        for line in draft.lines {
            reversedByRate[line.taxRate.normalized, default: .zero] =
                reversedByRate[line.taxRate.normalized, default: .zero] + line.amount.magnitude
        }
        var invoicedByRate: [ExactDecimal: ExactDecimal] = [:]
        for line in original.lines {
            guard let rate = ExactDecimal(parsing: line.taxRate),
                let amount = ExactDecimal(parsing: line.amount)
            else { continue }
            invoicedByRate[rate.normalized, default: .zero] =
                invoicedByRate[rate.normalized, default: .zero] + amount
        }
        for (index, line) in draft.lines.enumerated()
        where invoicedByRate[line.taxRate.normalized] == nil {
            throw ValidationError(
                field: "lines[\(index)].taxRate",
                reason: "\(line.taxRate.normalized) is not a tax rate of invoice '\(originalID)'")
        }

        return try InvoiceIssuer.issue(
            draft, issuance: issuance, context: context,
            prepare: { connection in
                let locked = try connection.queryPrepared(
                    """
                    SELECT status, kind, total_with_tax, credited_total FROM invoices
                    WHERE tenant_id = $1 AND invoice_id = $2 FOR UPDATE
                    """, [tenantID, originalID])
                let status = InvoiceStatus(storageName: locked[0, "status"] ?? "") ?? .unspecified
                let kind = InvoiceKind(storageName: locked[0, "kind"] ?? "") ?? .invoice
                guard InvoiceStateMachine.next(from: status, kind: kind, on: .reverse) != nil else {
                    throw RPCError(
                        .failedPrecondition,
                        "invoice '\(originalID)' is \(kind == .creditNote ? "a credit note" : InvoiceStateMachine.name(status)); it cannot be reversed"
                    )
                }
                let total = ExactDecimal(parsing: locked[0, "total_with_tax"] ?? "") ?? .zero
                let credited = ExactDecimal(parsing: locked[0, "credited_total"] ?? "") ?? .zero
                if request.lines.isEmpty && !credited.isZero {
                    throw RPCError(
                        .failedPrecondition,
                        "invoice '\(originalID)' is PARTIALLY_REVERSED (\(credited) of \(total) credited);"
                            + " reverse the rest with lines and SALES_RETURN or SALES_DISCOUNT")
                }
                let earlier = try connection.queryPrepared(
                    """
                    SELECT l.tax_rate::text AS tax_rate, (-sum(l.amount))::text AS reversed
                    FROM invoices n
                    JOIN invoice_lines l ON l.tenant_id = n.tenant_id AND l.invoice_id = n.invoice_id
                    WHERE n.tenant_id = $1 AND n.original_invoice_id = $2 GROUP BY l.tax_rate
                    """, [tenantID, originalID])
                var alreadyByRate: [ExactDecimal: ExactDecimal] = [:]
                for row in 0..<earlier.rowCount {
                    if let rate = ExactDecimal(parsing: earlier[row, "tax_rate"] ?? ""),
                        let amount = ExactDecimal(parsing: earlier[row, "reversed"] ?? "")
                    {
                        alreadyByRate[rate.normalized] = amount
                    }
                }
                for (rate, amount) in reversedByRate {
                    let already = alreadyByRate[rate] ?? .zero
                    let invoiced = invoicedByRate[rate] ?? .zero
                    guard already + amount <= invoiced else {
                        throw RPCError(
                            .failedPrecondition,
                            "credit notes would exceed the \(rate) rate of invoice '\(originalID)':"
                                + " \(already) already reversed + \(amount) > \(invoiced) invoiced")
                    }
                }
                guard credited + reversal <= total else {
                    throw RPCError(
                        .failedPrecondition,
                        "credit notes would exceed invoice '\(originalID)': \(credited) already credited"
                            + " + \(reversal) > total \(total)")
                }
            },
            finish: { connection, note in
                let before = try connection.queryPrepared(
                    "SELECT status, credited_total FROM invoices WHERE tenant_id = $1 AND invoice_id = $2",
                    [tenantID, originalID])
                let after = try connection.queryPrepared(
                    """
                    UPDATE invoices SET credited_total = credited_total + $3::numeric,
                        status = CASE WHEN credited_total + $3::numeric = total_with_tax
                            THEN 'reversed' ELSE 'partially_reversed' END
                    WHERE tenant_id = $1 AND invoice_id = $2
                    RETURNING status, credited_total
                    """, [tenantID, originalID, reversal.description])
                // The original changes too, so it gets an entry of its own.
                var entry = context.entry(
                    statusCode: 0, statusMessage: "reversed by credit note \(note.id)")
                entry.resourceType = "invoice"
                entry.resourceID = originalID
                entry.changes = [
                    "status": .init(before: before[0, "status"], after: after[0, "status"]),
                    "credited_total": .init(
                        before: before[0, "credited_total"], after: after[0, "credited_total"]),
                    "credit_note_id": .init(before: nil, after: note.id),
                ]
                try AccessLogWriter.insert(entry, on: connection)
            })
    }

    /// Builds the negative draft: the original's lines for a full reversal,
    /// or the request's lines, computed like an invoice, for a partial one.
    static func draft(
        for request: IssueCreditNoteRequest, original: Invoice, policy: InvoicePolicy
    ) throws
        -> InvoiceDraft
    {
        let remarks = request.remarks.isEmpty ? "对应正数发票 \(original.displayNumber)" : request.remarks
        var template = IssueInvoiceRequest()
        template.series = original.series
        template.seller = original.seller
        template.buyer = original.buyer
        template.currency = original.currency
        template.remarks = remarks
        template.issuer = request.issuer
        if request.lines.isEmpty {
            template.lines = original.lines.map {
                InvoiceLineInput(
                    itemName: $0.itemName, specification: $0.specification, unit: $0.unit,
                    quantity: $0.quantity, unitPrice: $0.unitPrice, taxRate: $0.taxRate)
            }
        } else {
            template.lines = request.lines
        }
        // The original passed validation when it was issued; its tax ids may
        // have been accepted with a warning, so they only warn here.
        var relaxed = policy
        relaxed.taxIDCheckWarns = true
        relaxed.taxRates = Array(
            Set(policy.taxRates + original.lines.compactMap { ExactDecimal(parsing: $0.taxRate) }))
        let positive = try InvoiceValidator(policy: relaxed).validate(template)
        var lines = positive.lines
        if request.lines.isEmpty {
            // A full reversal repeats the stored amounts exactly.
            lines = zip(positive.lines, original.lines).map { line, stored in
                line.withAmounts(
                    amount: ExactDecimal(parsing: stored.amount) ?? line.amount,
                    tax: ExactDecimal(parsing: stored.taxAmount) ?? line.taxAmount)
            }
        }
        let negated = lines.map { $0.negated() }
        let zero = ExactDecimal.zero.rounded(
            toScale: Currency.minorUnits(of: original.currency) ?? 2)
        let totalAmount = negated.reduce(zero) { $0 + $1.amount }
        let totalTax = negated.reduce(zero) { $0 + $1.taxAmount }
        return InvoiceDraft(
            series: original.series, seller: positive.seller, buyer: positive.buyer, lines: negated,
            currency: original.currency, totalAmount: totalAmount, totalTax: totalTax,
            totalWithTax: totalAmount + totalTax, remarks: remarks, issuer: positive.issuer)
    }
}
