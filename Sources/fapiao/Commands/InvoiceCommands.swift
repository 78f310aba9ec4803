import FapiaoAPI
import FapiaoClient
import FapiaoWire
import Foundation

/// `fapiao invoices …`: issuing and reading the caller's tenant's invoices.
enum InvoiceCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "issue": try issue(&arguments, context: context)
        case "get": try get(&arguments, context: context)
        default: throw UsageError("unknown command 'invoices \(action)': expected issue or get")
        }
    }

    static func issue(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "invoices issue")
        guard let file = arguments.take("file") else {
            throw UsageError("invoices issue needs --file FILE")
        }
        let key = arguments.take("idempotency-key") ?? UUID().uuidString.lowercased()
        try arguments.rejectUnknownOptions()
        guard let data = FileManager.default.contents(atPath: file) else {
            throw UsageError("cannot read '\(file)'")
        }
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
            print(response.replayed
                ? "replayed: idempotency key \(key) was used before; this is the first result"
                : "idempotency key \(key) (repeat it with --idempotency-key to retry safely)")
        }
    }

    static func get(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let id = try arguments.operands("ID", of: "invoices get")[0]
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let invoice = try client.call(MethodNames.getInvoice, GetInvoiceRequest(id: id), as: Invoice.self)
        if context.json {
            try printJSON(invoice)
        } else {
            print(InvoiceTable.render(invoice))
        }
    }
}
