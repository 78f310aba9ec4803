import FapiaoAPI
import FapiaoWire
import Testing

@Suite struct SeriesProtobufTests {
    @Test func seriesRoundTrip() throws {
        let series = InvoiceFixtures.series[1]

        let decoded = try protobufRoundTrip(series)

        #expect(decoded == series)
        #expect(decoded.prefix == "沪")
        #expect(!decoded.includeYear)
        #expect(decoded.numberWidth == 18)
        #expect(decoded.nextNumber == 999_999_999_999_999_999)
    }

    @Test func createRequestRoundTrip() throws {
        let request = CreateSeriesRequest(series: InvoiceFixtures.series[0])

        let decoded = try protobufRoundTrip(request)

        #expect(decoded == request)
        #expect(decoded.series?.includeYear == true)
        #expect(try protobufRoundTrip(CreateSeriesRequest()).series == nil)
    }

    @Test func listMessagesRoundTrip() throws {
        let response = ListSeriesResponse(series: InvoiceFixtures.series)

        let decoded = try protobufRoundTrip(response)

        #expect(decoded == response)
        #expect(decoded.series.count == 3)
        #expect(decoded.series[2].prefix == "红字-")
        #expect(ListSeriesRequest().protobufBytes().isEmpty)
        #expect(try protobufRoundTrip(ListSeriesRequest()) == ListSeriesRequest())
    }

    @Test func garbageBytesThrow() {
        let garbage: [UInt8] = [0xFF, 0xFF, 0xFF]

        #expect(throws: ProtobufDecodingError.self) { try Series(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try CreateSeriesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListSeriesRequest(protobufBytes: garbage) }
        #expect(throws: ProtobufDecodingError.self) { try ListSeriesResponse(protobufBytes: garbage) }
    }
}

@Suite struct SeriesJSONTests {
    @Test func messagesRoundTrip() throws {
        let create = CreateSeriesRequest(series: InvoiceFixtures.series[1])
        let list = ListSeriesResponse(series: InvoiceFixtures.series)

        #expect(try jsonRoundTrip(InvoiceFixtures.series[0]) == InvoiceFixtures.series[0])
        #expect(try jsonRoundTrip(create) == create)
        #expect(try jsonRoundTrip(list) == list)
        #expect(try jsonRoundTrip(ListSeriesRequest()) == ListSeriesRequest())
    }

    @Test func createRequestFromJSON() throws {
        let json = #"{"series":{"code":"B2B","prefix":"京","includeYear":true,"number_width":6,"nextNumber":"7"}}"#

        let request = try decodeJSON(CreateSeriesRequest.self, json)
        let series = try #require(request.series)

        #expect(series.code == "B2B")
        #expect(series.prefix == "京")
        #expect(series.includeYear)
        #expect(series.numberWidth == 6)
        #expect(series.nextNumber == 7)
        #expect(series.createdAt.isEmpty)
    }

    @Test func encodedSeriesNames() throws {
        let object = try encodedJSONObject(InvoiceFixtures.series[0])

        #expect(object["code"] as? String == "DEFAULT")
        #expect(object["includeYear"] as? Bool == true)
        #expect(object["numberWidth"] as? Int == 8)
        #expect(object["nextNumber"] as? String == "43")
        #expect(object["createdAt"] as? String == "2026-01-02T03:04:05.000006Z")
    }

    @Test func defaultsOmitted() throws {
        #expect(try encodedJSONObject(Series()).isEmpty)
        #expect(try encodedJSONObject(CreateSeriesRequest()).isEmpty)
        #expect(try encodedJSONObject(ListSeriesRequest()).isEmpty)
        #expect(try encodedJSONObject(ListSeriesResponse()).isEmpty)
    }

    @Test func unknownFieldsRejected() throws {
        let seriesError = try #require(jsonDecodingError(Series.self, #"{"width":6}"#))
        let createError = try #require(jsonDecodingError(CreateSeriesRequest.self, #"{"code":"X"}"#))
        let listError = try #require(jsonDecodingError(ListSeriesRequest.self, #"{"pageSize":1}"#))
        let listedError = try #require(jsonDecodingError(ListSeriesResponse.self, #"{"items":[]}"#))

        #expect(seriesError.path == "width")
        #expect(seriesError.reason.contains("fapiao.invoice.v1.Series"))
        #expect(createError.path == "code")
        #expect(createError.reason.contains("fapiao.invoice.v1.CreateSeriesRequest"))
        #expect(listError.path == "pageSize")
        #expect(listError.reason.contains("fapiao.invoice.v1.ListSeriesRequest"))
        #expect(listedError.path == "items")
        #expect(listedError.reason.contains("fapiao.invoice.v1.ListSeriesResponse"))
    }
}
