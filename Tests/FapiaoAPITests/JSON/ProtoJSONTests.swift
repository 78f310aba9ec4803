import FapiaoAPI
import Foundation
import Testing

/// Decodes `json` as `Message` and returns the `ProtoJSONError` raised, or
/// nil when decoding succeeds.
private func protoJSONError<Message: Decodable>(_ type: Message.Type, _ json: String) -> ProtoJSONError? {
    do {
        _ = try ProtoJSON.decode(type, from: Data(json.utf8))
        return nil
    } catch let error as ProtoJSONError {
        return error
    } catch {
        Issue.record("expected ProtoJSONError, got \(error)")
        return nil
    }
}

/// Returns the top-level object of a JSON document.
private func jsonObject(_ data: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Suite struct ProtoJSONDecodeTests {
    @Test func camelCaseFieldNames() throws {
        let json = #"{"name": "甲公司", "taxId": "914403001922038216", "bankAccount": "123"}"#

        let party = try ProtoJSON.decode(Party.self, from: Data(json.utf8))

        #expect(party.name == "甲公司")
        #expect(party.taxID == "914403001922038216")
        #expect(party.bankAccount == "123")
    }

    @Test func snakeCaseFieldNames() throws {
        let json = #"{"tax_id": "914403001922038216", "bank_name": "招商银行", "bank_account": "9"}"#

        let party = try ProtoJSON.decode(Party.self, from: Data(json.utf8))

        #expect(party.taxID == "914403001922038216")
        #expect(party.bankName == "招商银行")
        #expect(party.bankAccount == "9")
    }

    @Test func snakeCaseNestedFields() throws {
        let json = #"{"lines": [{"item_name": "笔", "unit_price": "1.00", "tax_rate": "0.13"}]}"#

        let request = try ProtoJSON.decode(IssueInvoiceRequest.self, from: Data(json.utf8))

        try #require(request.lines.count == 1)
        #expect(request.lines[0].itemName == "笔")
        #expect(request.lines[0].unitPrice == "1.00")
        #expect(request.lines[0].taxRate == "0.13")
    }

    @Test func missingFieldsAreDefaults() throws {
        let request = try ProtoJSON.decode(IssueInvoiceRequest.self, from: Data("{}".utf8))

        #expect(request == IssueInvoiceRequest())
        #expect(request.seller == nil)
        #expect(request.lines.isEmpty)
        #expect(request.currency == "")
    }

    @Test func nullIsDefault() throws {
        let json = #"{"currency": null, "seller": null, "lines": null}"#

        let request = try ProtoJSON.decode(IssueInvoiceRequest.self, from: Data(json.utf8))

        #expect(request.currency == "")
        #expect(request.seller == nil)
        #expect(request.lines.isEmpty)
    }

    @Test func unknownTopLevelField() throws {
        let error = try #require(protoJSONError(IssueInvoiceRequest.self, #"{"currency": "CNY", "colour": "red"}"#))

        #expect(error.path == "colour")
        #expect(error.reason.contains("colour"))
    }

    @Test func unknownNestedFieldPath() throws {
        let json = #"{"lines": [{"itemName": "a"}, {"itemName": "b", "bogus": 1}]}"#

        let error = try #require(protoJSONError(IssueInvoiceRequest.self, json))

        #expect(error.path == "lines[1].bogus")
        #expect(error.description.hasPrefix("lines[1].bogus: "))
    }

    @Test func unknownFieldInParty() throws {
        let error = try #require(protoJSONError(IssueInvoiceRequest.self, #"{"seller": {"vat": "x"}}"#))

        #expect(error.path == "seller.vat")
    }

    @Test func numberForDecimalString() throws {
        let json = #"{"lines": [{"itemName": "a", "unitPrice": 12.5}]}"#

        let error = try #require(protoJSONError(IssueInvoiceRequest.self, json))

        #expect(error.path == "lines[0].unitPrice")
        #expect(error.reason.hasPrefix("expected a string, found "))
        #expect(!error.reason.contains("Expected to decode"))
    }

    @Test func stringForObject() throws {
        let error = try #require(protoJSONError(IssueInvoiceRequest.self, #"{"buyer": "nobody"}"#))

        #expect(error.path == "buyer")
    }

    @Test func invalidJSONRejected() {
        #expect(throws: ProtoJSONError.self) {
            try ProtoJSON.decode(IssueInvoiceRequest.self, from: Data("{\"currency\": ".utf8))
        }
    }

    @Test func enumByName() throws {
        let invoice = try ProtoJSON.decode(Invoice.self, from: Data(#"{"status": "INVOICE_STATUS_ISSUED"}"#.utf8))

        #expect(invoice.status == .issued)
    }

    @Test func enumByNumber() throws {
        let invoice = try ProtoJSON.decode(Invoice.self, from: Data(#"{"status": 5}"#.utf8))
        let tenant = try ProtoJSON.decode(Tenant.self, from: Data(#"{"status": 2}"#.utf8))

        #expect(invoice.status == .reversed)
        #expect(tenant.status == .suspended)
    }

    @Test func unknownEnumNumberIsDefault() throws {
        // InvoiceStatus cannot hold a number it does not define, so 99 reads as the zero value.
        let invoice = try ProtoJSON.decode(Invoice.self, from: Data(#"{"status": 99}"#.utf8))

        #expect(invoice.status == .unspecified)
    }

    @Test func unknownEnumNameRejected() throws {
        let error = try #require(protoJSONError(Invoice.self, #"{"status": "ISSUED"}"#))

        #expect(error.path == "status")
        #expect(error.reason.contains("'ISSUED'"))
        #expect(error.reason.contains("INVOICE_STATUS_ISSUED"))
        #expect(error.reason.contains("INVOICE_STATUS_PARTIALLY_REVERSED"))
    }

    @Test func uint64AsString() throws {
        let invoice = try ProtoJSON.decode(Invoice.self, from: Data(#"{"number": "42"}"#.utf8))

        #expect(invoice.number == 42)
    }

    @Test func uint64AsNumber() throws {
        let invoice = try ProtoJSON.decode(Invoice.self, from: Data(#"{"number": 42}"#.utf8))

        #expect(invoice.number == 42)
    }

    @Test func uint64Maximum() throws {
        let invoice = try ProtoJSON.decode(Invoice.self, from: Data(#"{"number": "18446744073709551615"}"#.utf8))

        #expect(invoice.number == UInt64.max)
    }

    @Test(arguments: [#""-1""#, #""4x""#, #""18446744073709551616""#, "-1", "true"])
    func uint64Invalid(value: String) throws {
        let error = try #require(protoJSONError(Invoice.self, #"{"number": \#(value)}"#))

        #expect(error.path == "number")
    }

    @Test func uint32LineNumber() throws {
        let line = try ProtoJSON.decode(InvoiceLine.self, from: Data(#"{"line_number": "3"}"#.utf8))

        #expect(line.lineNumber == 3)
    }
}

@Suite struct ProtoJSONEncodeTests {
    @Test func defaultsOmitted() throws {
        let data = try ProtoJSON.encode(Invoice())

        #expect(try jsonObject(data).isEmpty)
    }

    @Test func partyDefaultsOmitted() throws {
        let data = try ProtoJSON.encode(Party(name: "乙公司"))

        let object = try jsonObject(data)
        #expect(object.count == 1)
        #expect(object["name"] as? String == "乙公司")
    }

    @Test func uint64WrittenAsString() throws {
        var invoice = Invoice()
        invoice.number = 42

        let object = try jsonObject(try ProtoJSON.encode(invoice))

        #expect(object["number"] as? String == "42")
    }

    @Test func camelCaseNamesWritten() throws {
        var invoice = Invoice()
        invoice.tenantID = "t"
        invoice.totalWithTax = "1.13"
        invoice.seller = Party(taxID: "x")

        let object = try jsonObject(try ProtoJSON.encode(invoice))

        #expect(Set(object.keys) == ["tenantId", "totalWithTax", "seller"])
        let seller = try #require(object["seller"] as? [String: Any])
        #expect(seller["taxId"] as? String == "x")
    }

    @Test func enumWrittenByName() throws {
        var invoice = Invoice()
        invoice.status = .partiallyReversed

        let object = try jsonObject(try ProtoJSON.encode(invoice))

        #expect(object["status"] as? String == "INVOICE_STATUS_PARTIALLY_REVERSED")
    }

    @Test func falseBoolOmitted() throws {
        let object = try jsonObject(try ProtoJSON.encode(IssueInvoiceResponse(replayed: false)))
        let replayed = try jsonObject(try ProtoJSON.encode(IssueInvoiceResponse(replayed: true)))

        #expect(object.isEmpty)
        #expect(replayed["replayed"] as? Bool == true)
    }

    @Test func jsonRoundTrip() throws {
        var invoice = Invoice()
        invoice.id = "0192f0c8-0000-7000-8000-000000000001"
        invoice.number = 9_007_199_254_740_993
        invoice.status = .issued
        invoice.lines = [InvoiceLine(lineNumber: 1, itemName: "咨询服务", quantity: "1", amount: "100.00")]
        invoice.remarks = "备注"

        let decoded = try ProtoJSON.decode(Invoice.self, from: try ProtoJSON.encode(invoice))

        #expect(decoded == invoice)
    }
}
