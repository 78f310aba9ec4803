import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation

/// `fapiao invoices deliver|acknowledge|archive|credit`: status changes of
/// an issued invoice and credit notes that reverse it.
enum InvoiceLifecycleCommands {
    /// ISSUED -> DELIVERED, recording the channel and recipient.
    static func deliver(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let id = try arguments.operands("ID", of: "invoices deliver")[0]
        guard let channel = arguments.take("channel") else {
            throw UsageError("invoices deliver needs --channel CHANNEL, such as email, sms, portal or paper")
        }
        guard let recipient = arguments.take("recipient") else {
            throw UsageError("invoices deliver needs --recipient ADDRESS, such as an e-mail address")
        }
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let request = DeliverInvoiceRequest(id: id, channel: channel, recipient: recipient)
        let invoice = try client.call(MethodNames.deliverInvoice, request, as: Invoice.self)
        try InvoiceCommands.printInvoice(invoice, json: context.json)
    }

    /// DELIVERED -> ACKNOWLEDGED.
    static func acknowledge(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        try transition(MethodNames.acknowledgeInvoice, command: "invoices acknowledge", &arguments, context: context)
    }

    /// ACKNOWLEDGED, REVERSED or PARTIALLY_REVERSED -> ARCHIVED.
    static func archive(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        try transition(MethodNames.archiveInvoice, command: "invoices archive", &arguments, context: context)
    }

    static func transition(
        _ method: String, command: String, _ arguments: inout CommandLineArguments, context: CLIContext
    ) throws {
        let id = try arguments.operands("ID", of: command)[0]
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let invoice = try client.call(method, InvoiceTransitionRequest(id: id), as: Invoice.self)
        try InvoiceCommands.printInvoice(invoice, json: context.json)
    }

    /// Issues a credit note for the whole invoice, or for the lines in
    /// `--file` (a JSON array of InvoiceLineInput in proto3 JSON).
    static func credit(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let originalID = try arguments.operands("ORIGINAL_ID", of: "invoices credit")[0]
        guard let reasonText = arguments.take("reason") else {
            throw UsageError(
                "invoices credit needs --reason: invoicing_error, sales_return, sales_discount or service_stopped")
        }
        let reason = try OptionValues.enumeration(
            reasonText, option: "reason", prefix: "CREDIT_REASON_", as: CreditReason.self) ?? .unspecified
        let lines = try arguments.take("file").map(readLines(fromFile:)) ?? []
        let key = InvoiceCommands.takeIdempotencyKey(from: &arguments)
        let request = IssueCreditNoteRequest(
            originalInvoiceID: originalID, reason: reason, lines: lines,
            remarks: arguments.take("remarks") ?? "", issuer: arguments.take("issuer") ?? "")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        var metadata = Metadata()
        metadata.add(Metadata.Key.idempotencyKey, key)
        let response = try client.call(
            MethodNames.issueCreditNote, request, as: IssueInvoiceResponse.self, metadata: metadata)
        if context.json {
            try printJSON(response)
        } else {
            if let creditNote = response.invoice { print(InvoiceTable.render(creditNote)) }
            print("")
            InvoiceCommands.printIdempotencyNote(key: key, replayed: response.replayed)
        }
    }

    static func readLines(fromFile file: String) throws -> [InvoiceLineInput] {
        let data = try InputFile.contents(of: file)
        do {
            return try ProtoJSON.decode([InvoiceLineInput].self, from: data)
        } catch {
            throw UsageError("invalid JSON array of InvoiceLineInput in '\(file)': \(error)")
        }
    }
}
