import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation

/// `fapiao invoices …`: the caller's tenant's invoices. Issuing and reading
/// one invoice are here; the other actions have their own files.
enum InvoiceCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "issue": try issue(&arguments, context: context)
        case "get": try get(&arguments, context: context)
        case "list": try InvoiceSearchCommands.list(&arguments, context: context)
        case "export": try InvoiceSearchCommands.export(&arguments, context: context)
        case "verify": try InvoiceSearchCommands.verify(&arguments, context: context)
        case "deliver": try InvoiceLifecycleCommands.deliver(&arguments, context: context)
        case "acknowledge": try InvoiceLifecycleCommands.acknowledge(&arguments, context: context)
        case "archive": try InvoiceLifecycleCommands.archive(&arguments, context: context)
        case "credit": try InvoiceLifecycleCommands.credit(&arguments, context: context)
        case "reconcile": try ReconcileCommand.run(&arguments, context: context)
        default:
            throw UsageError(
                "unknown command 'invoices \(action)': expected issue, get, list, export, verify, deliver, acknowledge, archive, credit or reconcile")
        }
    }

    static func issue(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "invoices issue")
        guard let file = arguments.take("file") else {
            throw UsageError("invoices issue needs --file FILE")
        }
        let key = takeIdempotencyKey(from: &arguments)
        try arguments.rejectUnknownOptions()
        let data = try InputFile.contents(of: file)
        let request: IssueInvoiceRequest
        do {
            request = try ProtoJSON.decode(IssueInvoiceRequest.self, from: data)
        } catch {
            throw UsageError("invalid IssueInvoiceRequest JSON in '\(file)': \(error)")
        }
        let client = try context.connect()
        defer { client.close() }
        var metadata = Metadata()
        metadata.add(Metadata.Key.idempotencyKey, key)
        let response = try client.call(
            MethodNames.issueInvoice, request, as: IssueInvoiceResponse.self, metadata: metadata)
        if context.json {
            try printJSON(response)
        } else {
            if let invoice = response.invoice { print(InvoiceTable.render(invoice)) }
            print("")
            printIdempotencyNote(key: key, replayed: response.replayed)
        }
    }

    /// Shows one invoice, by ID or by `--series` and `--number`.
    static func get(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let series = arguments.take("series")
        let number: UInt64? = try OptionValues.wholeNumber(
            arguments.take("number"), option: "number", in: 1...UInt64.max, unit: "the invoice in its series")
        let request: GetInvoiceRequest
        switch (series, number) {
        case (nil, nil):
            request = GetInvoiceRequest(id: try arguments.operands("ID", of: "invoices get")[0])
        case (let series?, let number?):
            _ = try arguments.operands(of: "invoices get --series CODE --number N")
            request = GetInvoiceRequest(series: series, number: number)
        default:
            throw UsageError("invoices get needs --series and --number together, or an ID without them")
        }
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let invoice = try client.call(MethodNames.getInvoice, request, as: Invoice.self)
        try printInvoice(invoice, json: context.json)
    }

    static func printInvoice(_ invoice: Invoice, json: Bool) throws {
        if json {
            try printJSON(invoice)
        } else {
            print(InvoiceTable.render(invoice))
        }
    }

    /// Returns the value of `--idempotency-key`, or a new random key when it
    /// is not given.
    static func takeIdempotencyKey(from arguments: inout CommandLineArguments) -> String {
        arguments.take("idempotency-key") ?? UUID().uuidString.lowercased()
    }

    /// Prints, after an issued invoice or credit note, whether the reply
    /// repeats an earlier call and how to retry safely.
    static func printIdempotencyNote(key: String, replayed: Bool) {
        print(replayed
            ? "replayed: idempotency key \(key) was used before; this is the first result"
            : "idempotency key \(key) (repeat it with --idempotency-key to retry safely)")
    }
}
