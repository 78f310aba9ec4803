import Foundation
import Testing

/// The invoice, series and settings commands of the `fapiao` executable,
/// run as a child process against the shared server. Each test creates its
/// own tenant through the CLI.
@Suite("fapiao invoice commands")
struct InvoiceCLITests {
    let server = SharedServer.instance

    static let exampleInvoice = ServerProcess.packageRoot.appendingPathComponent("examples/invoice.json").path

    /// Creates a directory for key and data files, readable only by this user.
    func makeScratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fapiao-invoice-cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return directory
    }

    /// Creates a tenant with `tenants create --key-out` and returns a runner
    /// with its administrator's key.
    func createTenant(in directory: URL) throws -> CLIRunner {
        let keyFile = directory.appendingPathComponent("admin.key").path
        let name = "发票命令租户 \(UUID().uuidString.prefix(8))"
        let result = try CLIRunner.platformOperator(on: server).run(
            "tenants", "create", name, "--key-out", keyFile, "--json")
        try #require(result.status == 0, "tenants create failed: \(result.standardError)")
        return CLIRunner(server: server, keyFile: keyFile)
    }

    /// Issues examples/invoice.json and returns the invoice from the reply.
    func issueExample(as runner: CLIRunner) throws -> [String: Any] {
        let result = try runner.run("invoices", "issue", "--file", InvoiceCLITests.exampleInvoice, "--json")
        try #require(result.status == 0, "invoices issue failed: \(result.standardError)")
        return try #require(try result.jsonObject()["invoice"] as? [String: Any])
    }

    /// Returns the invoice with `id` from `invoices get --json`.
    func getInvoice(_ id: String, as runner: CLIRunner) throws -> [String: Any] {
        let result = try runner.run("invoices", "get", id, "--json")
        try #require(result.status == 0, "invoices get failed: \(result.standardError)")
        return try result.jsonObject()
    }

    /// Returns the reply of `invoices reconcile --json` for the current month.
    func reconcileRows(as runner: CLIRunner) throws -> [[String: Any]] {
        let result = try runner.run("invoices", "reconcile", "--period", InvoiceCLITests.currentPeriod(), "--json")
        try #require(result.status == 0, "invoices reconcile failed: \(result.standardError)")
        return try #require(try result.jsonObject()["rows"] as? [[String: Any]])
    }

    /// Returns the current month in China Standard Time, such as 2026-08,
    /// because ReconcileTotals defines a period in that time zone.
    static func currentPeriod() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let components = calendar.dateComponents([.year, .month], from: Date())
        return String(format: "%04d-%02d", components.year!, components.month!)
    }

    /// Returns the ledger CSV for reconcile rows from the server's JSON reply,
    /// with each decimal passed through `rewriteDecimal`.
    static func ledgerCSV(
        from rows: [[String: Any]], rewriteDecimal: (String) -> String = { $0 }
    ) -> String {
        var lines = ["status,kind,currency,tax_rate,invoices,lines,amount,tax"]
        for row in rows {
            let status = (row["status"] as? String ?? "").replacingOccurrences(of: "INVOICE_STATUS_", with: "")
            let kind = (row["kind"] as? String ?? "").replacingOccurrences(of: "INVOICE_KIND_", with: "")
            let fields = [
                status.lowercased(), kind.lowercased(), row["currency"] as? String ?? "",
                rewriteDecimal(row["taxRate"] as? String ?? "0"),
                row["invoices"] as? String ?? "0", row["lines"] as? String ?? "0",
                rewriteDecimal(row["amount"] as? String ?? "0"), rewriteDecimal(row["tax"] as? String ?? "0"),
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Issue, get and list

    @Test("issue twice then list and get")
    func issueListAndGet() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let first = try issueExample(as: admin)
        let second = try issueExample(as: admin)
        let firstID = try #require(first["id"] as? String)
        let secondID = try #require(second["id"] as? String)
        #expect(firstID != secondID)

        let list = try admin.run("invoices", "list", "--json")
        #expect(list.status == 0, "\(list.standardError)")
        let listed = try #require(try list.jsonObject()["invoices"] as? [[String: Any]])
        let listedIDs = Set(listed.compactMap { $0["id"] as? String })
        #expect(listedIDs == [firstID, secondID])

        let byNumber = try admin.run("invoices", "get", "--series", "DEFAULT", "--number", "1", "--json")
        #expect(byNumber.status == 0, "\(byNumber.standardError)")
        let numbered = try byNumber.jsonObject()
        #expect(numbered["id"] as? String == firstID)
        #expect(numbered["series"] as? String == "DEFAULT")
        #expect(numbered["number"] as? String == "1")

        let table = try admin.run("invoices", "list")
        #expect(table.status == 0, "\(table.standardError)")
        let row = table.standardOutput.split(separator: "\n").first { $0.contains(secondID) }
        #expect(row?.contains("issued") == true)
        #expect(row?.contains(second["displayNumber"] as? String ?? "-") == true)
        #expect(row?.contains(second["totalWithTax"] as? String ?? "-") == true)
        #expect(table.standardOutput.contains("(last page)"))
    }

    @Test("list follows page tokens")
    func listPages() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        _ = try issueExample(as: admin)
        _ = try issueExample(as: admin)

        let firstPage = try admin.run("invoices", "list", "--page-size", "1", "--json")
        #expect(firstPage.status == 0, "\(firstPage.standardError)")
        let page = try firstPage.jsonObject()
        #expect((page["invoices"] as? [[String: Any]])?.count == 1)
        let token = try #require(page["nextPageToken"] as? String)

        let secondPage = try admin.run("invoices", "list", "--page-size", "1", "--page-token", token, "--json")
        #expect(secondPage.status == 0, "\(secondPage.standardError)")
        #expect((try secondPage.jsonObject()["invoices"] as? [[String: Any]])?.count == 1)

        let all = try admin.run("invoices", "list", "--page-size", "1", "--all", "--json")
        #expect(all.status == 0, "\(all.standardError)")
        let joined = try all.jsonObject()
        #expect((joined["invoices"] as? [[String: Any]])?.count == 2)
        #expect(joined["nextPageToken"] == nil)
    }

    @Test("list filters by status and kind")
    func listFilters() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let delivered = try #require(try issueExample(as: admin)["id"] as? String)
        _ = try issueExample(as: admin)
        let deliver = try admin.run(
            "invoices", "deliver", delivered, "--channel", "email", "--recipient", "buyer@example.com")
        try #require(deliver.status == 0, "\(deliver.standardError)")

        let byStatus = try admin.run("invoices", "list", "--status", "delivered", "--json")
        #expect(byStatus.status == 0, "\(byStatus.standardError)")
        let listed = try byStatus.jsonObject()["invoices"] as? [[String: Any]] ?? []
        #expect(listed.compactMap { $0["id"] as? String } == [delivered])

        let byKind = try admin.run("invoices", "list", "--kind", "credit_note", "--json")
        #expect(byKind.status == 0, "\(byKind.standardError)")
        #expect(try byKind.jsonObject()["invoices"] == nil)
    }

    @Test("invalid options exit 2")
    func usageErrors() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let cases: [[String]] = [
            ["invoices", "list", "--status", "paid"],
            ["invoices", "list", "--from", "yesterday"],
            ["invoices", "list", "--min-total", "1e3"],
            ["invoices", "list", "--page-size", "0"],
            ["invoices", "get", "--series", "DEFAULT"],
            ["invoices", "credit", UUID().uuidString, "--reason", "refund"],
            ["invoices", "reconcile", "--period", "2026-13"],
            ["series", "create", "X", "--width", "19"],
            ["settings", "update"],
            ["settings", "update", "--tax-rounding", "per_invoice"],
        ]
        for arguments in cases {
            let result = try admin.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.standardError)")
            #expect(result.standardError.hasPrefix("error: "), "\(arguments)")
        }
    }

    // MARK: - Life cycle and credit notes

    @Test("deliver, acknowledge, archive")
    func lifecycle() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let id = try #require(try issueExample(as: admin)["id"] as? String)

        let deliver = try admin.run(
            "invoices", "deliver", id, "--channel", "email", "--recipient", "buyer@example.com", "--json")
        #expect(deliver.status == 0, "\(deliver.standardError)")
        let delivered = try deliver.jsonObject()
        #expect(delivered["status"] as? String == "INVOICE_STATUS_DELIVERED")
        #expect(delivered["deliveryChannel"] as? String == "email")
        #expect(delivered["deliveryRecipient"] as? String == "buyer@example.com")

        let acknowledge = try admin.run("invoices", "acknowledge", id, "--json")
        #expect(acknowledge.status == 0, "\(acknowledge.standardError)")
        #expect(try acknowledge.jsonObject()["status"] as? String == "INVOICE_STATUS_ACKNOWLEDGED")

        let archive = try admin.run("invoices", "archive", id)
        #expect(archive.status == 0, "\(archive.standardError)")
        #expect(archive.standardOutput.contains("ARCHIVED"))
        #expect(try getInvoice(id, as: admin)["status"] as? String == "INVOICE_STATUS_ARCHIVED")

        let again = try admin.run("invoices", "acknowledge", id)
        #expect(again.status == 1)
        #expect(again.standardError.hasPrefix("error: FAILED_PRECONDITION: "), "\(again.standardError)")
        #expect(again.standardOutput.isEmpty)
    }

    @Test("credit reverses the whole invoice")
    func creditFull() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let original = try issueExample(as: admin)
        let id = try #require(original["id"] as? String)

        let credit = try admin.run("invoices", "credit", id, "--reason", "invoicing_error", "--json")
        #expect(credit.status == 0, "\(credit.standardError)")
        let creditNote = try #require(try credit.jsonObject()["invoice"] as? [String: Any])
        #expect(creditNote["kind"] as? String == "INVOICE_KIND_CREDIT_NOTE")
        #expect(creditNote["originalInvoiceId"] as? String == id)
        #expect(creditNote["creditReason"] as? String == "CREDIT_REASON_INVOICING_ERROR")
        #expect(creditNote["totalWithTax"] as? String == "-" + (original["totalWithTax"] as? String ?? ""))

        #expect(try getInvoice(id, as: admin)["status"] as? String == "INVOICE_STATUS_REVERSED")
    }

    @Test("credit with lines reverses part")
    func creditPartial() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let id = try #require(try issueExample(as: admin)["id"] as? String)
        let linesFile = directory.appendingPathComponent("lines.json")
        let lines = """
            [{"itemName": "*计算机设备*笔记本电脑", "specification": "14 英寸 16GB/512GB", "unit": "台",
              "quantity": "1", "unitPrice": "5299.00", "taxRate": "0.13"}]
            """
        try Data(lines.utf8).write(to: linesFile)

        let key = "credit-\(UUID().uuidString)"
        let credit = try admin.run(
            "invoices", "credit", id, "--reason", "sales_return", "--file", linesFile.path,
            "--remarks", "退货一台", "--idempotency-key", key)
        #expect(credit.status == 0, "\(credit.standardError)")
        #expect(credit.standardOutput.contains("idempotency key \(key)"))

        let original = try getInvoice(id, as: admin)
        #expect(original["status"] as? String == "INVOICE_STATUS_PARTIALLY_REVERSED")
        // 5299.00 plus 13 % tax of 688.87.
        #expect(original["creditedTotal"] as? String == "5987.87")

        let replay = try admin.run(
            "invoices", "credit", id, "--reason", "sales_return", "--file", linesFile.path,
            "--remarks", "退货一台", "--idempotency-key", key, "--json")
        #expect(replay.status == 0, "\(replay.standardError)")
        #expect(try replay.jsonObject()["replayed"] as? Bool == true)
    }

    // MARK: - Verify and export

    @Test("verify finds no mismatches")
    func verify() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        _ = try issueExample(as: admin)
        _ = try issueExample(as: admin)

        let json = try admin.run("invoices", "verify", "--json")
        #expect(json.status == 0, "\(json.standardError)")
        let reply = try json.jsonObject()
        #expect(reply["checked"] as? String == "2")
        #expect(reply["mismatches"] == nil)

        let text = try admin.run("invoices", "verify")
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("checked 2 invoices, 0 mismatches"))
    }

    @Test("export writes JSON Lines")
    func export() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let first = try #require(try issueExample(as: admin)["id"] as? String)
        let second = try #require(try issueExample(as: admin)["id"] as? String)
        let outputFile = directory.appendingPathComponent("export.jsonl")

        let result = try admin.run("invoices", "export", "--out", outputFile.path)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("exported 2 invoices"))
        let text = try String(contentsOf: outputFile, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        var ids: Set<String> = []
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["status"] as? String == "INVOICE_STATUS_ISSUED")
            #expect((object?["lines"] as? [[String: Any]])?.count == 4)
            if let id = object?["id"] as? String { ids.insert(id) }
        }
        #expect(ids == [first, second])

        let toStandardOutput = try admin.run("invoices", "export", "--series", "DEFAULT")
        #expect(toStandardOutput.status == 0, "\(toStandardOutput.standardError)")
        #expect(toStandardOutput.standardOutput.split(separator: "\n").count == 2)
    }

    @Test("failed exports keep existing output")
    func failedExportsKeepOutput() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        _ = try issueExample(as: admin)
        let wrongKey = directory.appendingPathComponent("wrong.key")
        try Data("fapiao_0000_not_a_key".utf8).write(to: wrongKey)
        let stranger = CLIRunner(server: server, keyFile: wrongKey.path)

        // A failing invoice export leaves an existing file as it was.
        let previous = directory.appendingPathComponent("previous.jsonl")
        try Data("kept\n".utf8).write(to: previous)
        let invoices = try stranger.run("invoices", "export", "--out", previous.path)
        #expect(invoices.status != 0)
        #expect(try String(contentsOf: previous, encoding: .utf8) == "kept\n")
        #expect(!FileManager.default.fileExists(atPath: previous.path + ".partial"))

        // An audit export refuses a directory with files and keeps them.
        let bundle = directory.appendingPathComponent("bundle")
        try FileManager.default.createDirectory(at: bundle, withIntermediateDirectories: true)
        let other = bundle.appendingPathComponent("other.txt")
        try Data("important".utf8).write(to: other)
        let rejected = try admin.run("audit", "export", "--out", bundle.path)
        #expect(rejected.status != 0)
        #expect(rejected.standardError.contains("not an empty directory"))
        #expect(try String(contentsOf: other, encoding: .utf8) == "important")

        // A failing audit export into an empty directory keeps the directory.
        let empty = directory.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let failed = try stranger.run("audit", "export", "--out", empty.path)
        #expect(failed.status != 0)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: empty.path, isDirectory: &isDirectory))
        #expect(isDirectory.boolValue)
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)

        // A complete export replaces the file.
        let replaced = try admin.run("invoices", "export", "--out", previous.path)
        #expect(replaced.status == 0, "\(replaced.standardError)")
        #expect(try String(contentsOf: previous, encoding: .utf8).hasPrefix("{"))
    }

    // MARK: - Reconcile

    @Test("reconcile prints the totals")
    func reconcileTotals() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        _ = try issueExample(as: admin)
        _ = try issueExample(as: admin)

        let rows = try reconcileRows(as: admin)
        // examples/invoice.json has lines at 13 % and at 6 %.
        #expect(rows.count == 2)
        let rate13 = rows.first { $0["taxRate"] as? String == "0.13" }
        #expect(rate13?["status"] as? String == "INVOICE_STATUS_ISSUED")
        #expect(rate13?["invoices"] as? String == "2")
        #expect(rate13?["lines"] as? String == "4")
        // Two invoices of 3 x 5299.00 + 2 x 1091.50.
        #expect(rate13?["amount"] as? String == "36160.00")

        let text = try admin.run("invoices", "reconcile", "--period", InvoiceCLITests.currentPeriod())
        #expect(text.status == 0, "\(text.standardError)")
        let row = text.standardOutput.split(separator: "\n").first { $0.contains("0.13") }
        #expect(row?.contains("issued") == true)
        #expect(row?.contains("36160.00") == true)
    }

    @Test("reconcile with a matching ledger")
    func reconcileLedgerMatches() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let id = try #require(try issueExample(as: admin)["id"] as? String)
        let credit = try admin.run("invoices", "credit", id, "--reason", "invoicing_error")
        try #require(credit.status == 0, "\(credit.standardError)")
        let rows = try reconcileRows(as: admin)
        let ledger = directory.appendingPathComponent("ledger.csv")
        let period = InvoiceCLITests.currentPeriod()

        try Data(InvoiceCLITests.ledgerCSV(from: rows).utf8).write(to: ledger)
        let same = try admin.run("invoices", "reconcile", "--period", period, "--ledger", ledger.path)
        #expect(same.status == 0, "\(same.standardOutput)\(same.standardError)")
        #expect(same.standardOutput.contains("the ledger matches"))

        // An added trailing zero leaves each decimal equal: "36160.000" is "36160.00".
        let padded = InvoiceCLITests.ledgerCSV(from: rows) { $0.contains(".") ? $0 + "0" : $0 + ".0" }
        try Data(padded.utf8).write(to: ledger)
        let equal = try admin.run("invoices", "reconcile", "--period", period, "--ledger", ledger.path)
        #expect(equal.status == 0, "\(equal.standardOutput)\(equal.standardError)")
    }

    @Test("reconcile names a ledger difference")
    func reconcileLedgerDiffers() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        _ = try issueExample(as: admin)
        let rows = try reconcileRows(as: admin)
        let ledger = directory.appendingPathComponent("ledger.csv")
        let period = InvoiceCLITests.currentPeriod()
        let csv = InvoiceCLITests.ledgerCSV(from: rows)
        let serverAmount = try #require(rows.first { $0["taxRate"] as? String == "0.13" }?["amount"] as? String)
        #expect(serverAmount == "18080.00")
        try Data(csv.replacingOccurrences(of: ",\(serverAmount),", with: ",18080.01,").utf8).write(to: ledger)

        let result = try admin.run("invoices", "reconcile", "--period", period, "--ledger", ledger.path)
        #expect(result.status == 1)
        let differences = result.standardOutput.split(separator: "\n")
        #expect(differences.count == 1)
        let difference = differences.first ?? ""
        #expect(difference.contains("status=issued kind=invoice currency=CNY tax_rate=0.13"))
        #expect(difference.contains("amount"))
        #expect(difference.contains("ledger 18080.01"))
        #expect(difference.contains("server 18080.00"))
        #expect(result.standardError.hasPrefix("error: "))

        let json = try admin.run("invoices", "reconcile", "--period", period, "--ledger", ledger.path, "--json")
        #expect(json.status == 1)
        let record = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(record?["status"] as? String == "issued")
        #expect(record?["kind"] as? String == "invoice")
        #expect(record?["taxRate"] as? String == "0.13")
        #expect(record?["currency"] as? String == "CNY")
        #expect(record?["field"] as? String == "amount")
        #expect(record?["ledger"] as? String == "18080.01")
        #expect(record?["server"] as? String == "18080.00")
    }

    @Test("reconcile reports missing rows")
    func reconcileLedgerMissingRows() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        _ = try issueExample(as: admin)
        let rows = try reconcileRows(as: admin)
        let ledger = directory.appendingPathComponent("ledger.csv")
        // The 6 % row is left out and a 9 % row added.
        var lines = InvoiceCLITests.ledgerCSV(from: rows).split(separator: "\n").filter { !$0.contains(",0.06,") }
        lines.append("issued,invoice,CNY,0.09,1,1,100.00,9.00")
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: ledger)

        let result = try admin.run(
            "invoices", "reconcile", "--period", InvoiceCLITests.currentPeriod(), "--ledger", ledger.path)
        #expect(result.status == 1)
        let differences = result.standardOutput.split(separator: "\n")
        #expect(differences.count == 2)
        let serverOnly = differences.first { $0.contains("tax_rate=0.06") }
        #expect(serverOnly?.contains("on the server but not in the ledger") == true)
        let ledgerOnly = differences.first { $0.contains("tax_rate=0.09") }
        #expect(ledgerOnly?.contains("in the ledger but not on the server") == true)
    }

    @Test("reconcile rejects an invalid ledger")
    func reconcileLedgerInvalid() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)
        let ledger = directory.appendingPathComponent("ledger.csv")
        let cases = [
            "status,kind,rate,invoices,lines,amount,tax\n",
            "status,kind,currency,tax_rate,invoices,lines,amount,tax\nissued,invoice,CNY,0.13,1,1,1e3,0\n",
            "status,kind,currency,tax_rate,invoices,lines,amount,tax\npaid,invoice,CNY,0.13,1,1,10,1.3\n",
            "status,kind,currency,tax_rate,invoices,lines,amount,tax\nissued,invoice,CNY,0.13,1,1,10\n",
            "status,kind,currency,tax_rate,invoices,lines,amount,tax\nissued,invoice,CNY,0.13,1,1,10,1.3\nissued,invoice,CNY,0.130,1,1,10,1.3\n",
        ]
        for csv in cases {
            try Data(csv.utf8).write(to: ledger)
            let result = try admin.run(
                "invoices", "reconcile", "--period", InvoiceCLITests.currentPeriod(), "--ledger", ledger.path)
            #expect(result.status == 2, "\(csv): \(result.standardError)")
            #expect(result.standardError.contains("invalid ledger"), "\(csv)")
        }
    }

    // MARK: - Series and settings

    @Test("series create and list")
    func series() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)

        let create = try admin.run("series", "create", "SH", "--prefix", "沪", "--no-year", "--width", "6", "--json")
        #expect(create.status == 0, "\(create.standardError)")
        let created = try create.jsonObject()
        #expect(created["code"] as? String == "SH")
        #expect(created["prefix"] as? String == "沪")
        #expect(created["includeYear"] == nil)
        #expect(created["numberWidth"] as? Int == 6)

        let withYear = try admin.run("series", "create", "BJ", "--json")
        #expect(withYear.status == 0, "\(withYear.standardError)")
        #expect(try withYear.jsonObject()["includeYear"] as? Bool == true)

        let list = try admin.run("series", "list", "--json")
        #expect(list.status == 0, "\(list.standardError)")
        let listed = try #require(try list.jsonObject()["series"] as? [[String: Any]])
        let codes = Set(listed.compactMap { $0["code"] as? String })
        #expect(codes.isSuperset(of: ["SH", "BJ"]))

        let table = try admin.run("series", "list")
        #expect(table.status == 0, "\(table.standardError)")
        let row = table.standardOutput.split(separator: "\n").first { $0.hasPrefix("SH ") }
        #expect(row?.contains("沪") == true)
    }

    @Test("settings update and show")
    func settings() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let admin = try createTenant(in: directory)

        let before = try admin.run("settings", "show", "--json")
        #expect(before.status == 0, "\(before.standardError)")
        #expect(try before.jsonObject()["taxRounding"] as? String == "TAX_ROUNDING_PER_LINE")

        let update = try admin.run("settings", "update", "--tax-rounding", "per_rate")
        #expect(update.status == 0, "\(update.standardError)")
        #expect(update.standardOutput.contains("per_rate"))

        let show = try admin.run("settings", "show", "--json")
        #expect(show.status == 0, "\(show.standardError)")
        let settings = try show.jsonObject()
        #expect(settings["taxRounding"] as? String == "TAX_ROUNDING_PER_RATE")
        #expect(settings["taxIdCheck"] as? String == "TAX_ID_CHECK_STRICT")
        #expect(settings["retentionYears"] as? Int == 30)

        let rates = try admin.run("settings", "update", "--tax-rate", "0.13", "--tax-rate", "0.06", "--json")
        #expect(rates.status == 0, "\(rates.standardError)")
        let updated = try rates.jsonObject()
        #expect(Set(updated["taxRates"] as? [String] ?? []) == ["0.13", "0.06"])
        #expect(updated["taxRounding"] as? String == "TAX_ROUNDING_PER_RATE")
    }
}
