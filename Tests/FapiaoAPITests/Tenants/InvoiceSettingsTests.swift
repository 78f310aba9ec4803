import FapiaoAPI
import FapiaoWire
import Testing

private let settings = InvoiceSettings(
    taxRounding: .perRate, taxRates: ["0", "0.01", "0.03", "0.05", "0.06", "0.09", "0.13"],
    taxIDCheck: .warn, retentionYears: 30)

@Suite struct InvoiceSettingsProtobufTests {
    @Test func settingsRoundTrip() throws {
        let decoded = try protobufRoundTrip(settings)

        #expect(decoded == settings)
        #expect(decoded.taxRounding == .perRate)
        #expect(decoded.taxRates.count == 7)
        #expect(decoded.taxRates[6] == "0.13")
        #expect(decoded.taxIDCheck == .warn)
        #expect(decoded.retentionYears == 30)
    }

    @Test func getRequestRoundTrip() throws {
        let request = GetInvoiceSettingsRequest()

        #expect(request.protobufBytes().isEmpty)
        #expect(try protobufRoundTrip(request) == request)
        #expect(try GetInvoiceSettingsRequest(protobufBytes: []) == request)
    }

    @Test func updateRequestRoundTrip() throws {
        let request = UpdateInvoiceSettingsRequest(settings: settings)

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.settings?.taxRates.first == "0")
    }

    @Test func updateWithoutSettingsRoundTrip() throws {
        let decoded = try protobufRoundTrip(UpdateInvoiceSettingsRequest())

        #expect(decoded.settings == nil)
    }

    @Test func partialUpdateKeepsDefaults() throws {
        let partial = InvoiceSettings(taxRates: ["0.13"])

        let decoded = try protobufRoundTrip(partial)

        #expect(decoded == partial)
        #expect(decoded.taxRounding == .unspecified)
        #expect(decoded.taxIDCheck == .unspecified)
        #expect(decoded.retentionYears == 0)
    }

    @Test func garbageBytesThrow() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]

        #expect(throws: ProtobufDecodingError.self) { try InvoiceSettings(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try GetInvoiceSettingsRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) {
            try UpdateInvoiceSettingsRequest(protobufBytes: garbage)
        }
    }
}

@Suite struct InvoiceSettingsJSONTests {
    @Test func messagesRoundTrip() throws {
        let update = UpdateInvoiceSettingsRequest(settings: settings)

        #expect(try jsonRoundTrip(settings) == settings)
        #expect(try jsonRoundTrip(update) == update)
        #expect(try jsonRoundTrip(GetInvoiceSettingsRequest()) == GetInvoiceSettingsRequest())
    }

    @Test func settingsFromJSON() throws {
        let json = #"{"settings":{"taxRounding":"TAX_ROUNDING_PER_LINE","taxRates":["0.06","0.13"],"taxIdCheck":"TAX_ID_CHECK_STRICT","retentionYears":"10"}}"#

        let request = try decodeJSON(UpdateInvoiceSettingsRequest.self, json)
        let decoded = try #require(request.settings)

        #expect(decoded.taxRounding == .perLine)
        #expect(decoded.taxRates == ["0.06", "0.13"])
        #expect(decoded.taxIDCheck == .strict)
        #expect(decoded.retentionYears == 10)
    }

    @Test func settingsSnakeCaseNames() throws {
        let json = #"{"tax_rounding":2,"tax_rates":["0"],"tax_id_check":"TAX_ID_CHECK_WARN","retention_years":12}"#

        let decoded = try decodeJSON(InvoiceSettings.self, json)

        #expect(decoded.taxRounding == .perRate)
        #expect(decoded.taxRates == ["0"])
        #expect(decoded.taxIDCheck == .warn)
        #expect(decoded.retentionYears == 12)
    }

    @Test func encodedSettingsNames() throws {
        let object = try encodedJSONObject(settings)

        #expect(object["taxRounding"] as? String == "TAX_ROUNDING_PER_RATE")
        #expect((object["taxRates"] as? [String])?.count == 7)
        #expect(object["taxIdCheck"] as? String == "TAX_ID_CHECK_WARN")
        #expect(object["retentionYears"] as? Int == 30)
    }

    @Test func defaultsOmitted() throws {
        #expect(try encodedJSONObject(InvoiceSettings()).isEmpty)
        #expect(try encodedJSONObject(GetInvoiceSettingsRequest()).isEmpty)
        #expect(try encodedJSONObject(UpdateInvoiceSettingsRequest()).isEmpty)
    }

    @Test func unknownFieldsRejected() throws {
        let settingsError = try #require(jsonDecodingError(InvoiceSettings.self, #"{"rounding":1}"#))
        let getError = try #require(jsonDecodingError(GetInvoiceSettingsRequest.self, #"{"id":"t"}"#))
        let updateError = try #require(
            jsonDecodingError(UpdateInvoiceSettingsRequest.self, #"{"id":"t","settings":{}}"#))

        #expect(settingsError.path == "rounding")
        #expect(settingsError.reason.contains("fapiao.tenant.v1.InvoiceSettings"))
        #expect(getError.path == "id")
        #expect(getError.reason.contains("fapiao.tenant.v1.GetInvoiceSettingsRequest"))
        #expect(updateError.path == "id")
        #expect(updateError.reason.contains("fapiao.tenant.v1.UpdateInvoiceSettingsRequest"))
    }

    @Test func unknownEnumNameRejected() throws {
        let error = try #require(
            jsonDecodingError(InvoiceSettings.self, #"{"taxIdCheck":"TAX_ID_CHECK_OFF"}"#))

        #expect(error.path == "taxIdCheck")
        #expect(error.reason.contains("fapiao.tenant.v1.TaxIdCheck"))
    }
}
