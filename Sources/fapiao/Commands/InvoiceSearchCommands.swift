import FapiaoAPI
import FapiaoClient
import Foundation

/// `fapiao invoices list|export|verify`: finding, exporting and checking
/// many invoices at once.
enum InvoiceSearchCommands {
    /// Lists one page of invoices, or every page with `--all`.
    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "invoices list")
        let filter = try InvoiceFilterOptions.take(from: &arguments)
        let pageSize: UInt32 =
            try OptionValues.wholeNumber(
                arguments.take("page-size"), option: "page-size", in: 1...1000, unit: "invoices")
            ?? 0
        let pageToken = arguments.take("page-token") ?? ""
        let all = arguments.takeFlag("all")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }

        var request = ListInvoicesRequest(filter: filter, pageSize: pageSize, pageToken: pageToken)
        var response = try client.call(
            MethodNames.listInvoices, request, as: ListInvoicesResponse.self)
        // With --all, the pages are joined into one reply without a next
        // page token, so the output has the same form as a single last page.
        while all && !response.nextPageToken.isEmpty {
            request.pageToken = response.nextPageToken
            let page = try client.call(
                MethodNames.listInvoices, request, as: ListInvoicesResponse.self)
            response.invoices += page.invoices
            response.nextPageToken = page.nextPageToken
        }
        if context.json {
            try printJSON(response)
            return
        }
        print(InvoiceTable.summaries(response.invoices))
        if response.nextPageToken.isEmpty {
            print("(last page)")
        } else {
            print(
                "next page token \(response.nextPageToken) (pass it with --page-token, or use --all)"
            )
        }
    }

    /// Streams the invoices as JSON Lines to standard output or `--out`,
    /// writing each invoice as it arrives.
    static func export(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "invoices export")
        let filter = try InvoiceFilterOptions.take(from: &arguments)
        let outputPath = arguments.take("out")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }

        // The export goes to a temporary file next to FILE, renamed when it
        // is complete, so a failure leaves an existing FILE as it was.
        let partialPath = outputPath.map { $0 + ".partial" }
        var output: FileHandle?
        if let partialPath {
            guard FileManager.default.createFile(atPath: partialPath, contents: nil),
                let handle = FileHandle(forWritingAtPath: partialPath)
            else {
                throw UsageError("cannot write '\(partialPath)'")
            }
            output = handle
        }
        var exported = 0
        do {
            try client.serverStream(
                MethodNames.exportInvoices, ExportInvoicesRequest(filter: filter), as: Invoice.self,
                timeout: context.streamTimeout
            ) { invoice in
                let line = try jsonLine(invoice)
                if let output {
                    try output.write(contentsOf: line)
                } else {
                    print(String(decoding: line, as: UTF8.self), terminator: "")
                }
                exported += 1
            }
            try output?.close()
            if let outputPath, let partialPath {
                _ = try? FileManager.default.removeItem(atPath: outputPath)
                try FileManager.default.moveItem(atPath: partialPath, toPath: outputPath)
            }
        } catch {
            // A partial export could pass for a complete one, so it is removed.
            if let partialPath {
                try? output?.close()
                try? FileManager.default.removeItem(atPath: partialPath)
            }
            throw error
        }
        if let outputPath, !context.json {
            print("exported \(exported) invoices to \(outputPath)")
        }
    }

    /// Recomputes the content hashes and exits 1 when any invoice does not match.
    static func verify(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "invoices verify")
        let request = VerifyInvoicesRequest(
            issuedFrom: try OptionValues.time(arguments.take("from"), option: "from") ?? "",
            issuedTo: try OptionValues.time(arguments.take("to"), option: "to") ?? "")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(
            MethodNames.verifyInvoices, request, as: VerifyInvoicesResponse.self,
            timeout: context.streamTimeout)
        if context.json {
            try printJSON(response)
        } else {
            print("checked \(response.checked) invoices, \(response.mismatches.count) mismatches")
            if !response.mismatches.isEmpty {
                let rows = response.mismatches.map { mismatch in
                    [
                        mismatch.displayNumber, mismatch.invoiceID, mismatch.storedHash,
                        mismatch.computedHash,
                    ]
                }
                print(
                    TableFormatter.table(
                        header: ["NUMBER", "ID", "STORED HASH", "COMPUTED HASH"], rows: rows))
            }
        }
        if !response.mismatches.isEmpty {
            throw CheckFailure(
                "\(response.mismatches.count) of \(response.checked) invoices do not match their stored content hash"
            )
        }
    }
}
