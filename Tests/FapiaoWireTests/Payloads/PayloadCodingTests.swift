import FapiaoWire
import Testing

@Suite struct CallStartTests {
    @Test func encodingMatchesWireFormat() {
        var metadata = Metadata()
        metadata.add("k", "v")
        let start = CallStart(method: "/a.B/C", timeoutMicroseconds: 1_000_000, metadata: metadata)

        // Bytes worked out by hand from the protobuf wire format. Field 1
        // (method) is length-delimited, so its tag is (1 << 3) | 2 = 0x0A.
        // Field 2 (timeout_micros) is a varint with tag 0x10, and 1_000_000 =
        // 61 * 128^2 + 4 * 128 + 64 encodes as C0 84 3D. Field 3 (metadata)
        // has tag 0x1A and contains a MetadataEntry whose key tag is 0x0A and
        // value tag is 0x12.
        let expected: [UInt8] = [
            0x0A, 0x06, 0x2F, 0x61, 0x2E, 0x42, 0x2F, 0x43,
            0x10, 0xC0, 0x84, 0x3D,
            0x1A, 0x06, 0x0A, 0x01, 0x6B, 0x12, 0x01, 0x76,
        ]
        #expect(start.encoded() == expected)
    }

    @Test func defaultsEncodeToNothing() {
        #expect(CallStart(method: "").encoded() == [])
    }

    @Test func roundTrip() throws {
        var metadata = Metadata()
        metadata.add("authorization", "Bearer fpk_x")
        metadata.add("request-id", "r-1")
        let binary = Metadata.Entry(key: "blob-bin", value: [0x00, 0xFF, 0xC3, 0x28])
        let start = CallStart(
            method: "/fapiao.invoice.v1.InvoiceService/IssueInvoice",
            timeoutMicroseconds: ProtocolConstants.maximumTimeoutMicroseconds,
            metadata: Metadata(metadata.entries + [binary]))

        let decoded = try CallStart.decode(start.encoded())

        #expect(decoded == start)
        #expect(decoded.metadata.entries.count == 3)
        #expect(decoded.metadata.entries[2].value == [0x00, 0xFF, 0xC3, 0x28])
        #expect(decoded.metadata["request-id"] == "r-1")
    }

    @Test func decodeEmptyGivesDefaults() throws {
        let decoded = try CallStart.decode([])

        #expect(decoded.method == "")
        #expect(decoded.timeoutMicroseconds == 0)
        #expect(decoded.metadata.isEmpty)
    }

    @Test func decodeGarbageThrows() {
        #expect(throws: ProtobufDecodingError.self) { try CallStart.decode([0xFF, 0xFF, 0xFF]) }
    }

    @Test func decodeTruncatedThrows() {
        // Field 1 announces 6 bytes but only 2 follow.
        #expect(throws: ProtobufDecodingError.self) { try CallStart.decode([0x0A, 0x06, 0x2F, 0x61]) }
    }
}

@Suite struct CallStatusTests {
    @Test func roundTrip() throws {
        var trailers = Metadata()
        trailers.add("request-id", "req-7")
        trailers.add("retry-after", "30")
        let status = CallStatus(
            code: .resourceExhausted, message: "配额已用完",
            details: [
                CallStatus.Detail(typeURL: "type.googleapis.com/google.rpc.RetryInfo", value: [0x0A, 0x02, 0x08, 0x1E]),
                CallStatus.Detail(typeURL: "type.googleapis.com/x.Empty", value: []),
            ],
            trailers: trailers)

        let decoded = try CallStatus.decode(status.encoded())

        #expect(decoded == status)
        #expect(decoded.code == .resourceExhausted)
        #expect(decoded.message == "配额已用完")
        #expect(decoded.details.count == 2)
        #expect(decoded.trailers["retry-after"] == "30")
    }

    @Test func encodingOfCodeAndMessage() {
        let status = CallStatus(code: .notFound, message: "x")

        // Field 1 is the varint 5 after tag 0x08, and field 2 the string "x" after tag 0x12.
        #expect(status.encoded() == [0x08, 0x05, 0x12, 0x01, 0x78])
    }

    @Test func decodeEmptyIsOK() throws {
        let decoded = try CallStatus.decode([])

        #expect(decoded == CallStatus.ok)
        #expect(decoded.message == "")
        #expect(decoded.details.isEmpty)
        #expect(decoded.trailers.isEmpty)
    }

    @Test func unknownCodeReadsAsUnknown() throws {
        // Field 1 (code) is the varint 99.
        let decoded = try CallStatus.decode([0x08, 99])

        #expect(decoded.code == .unknown)
    }

    @Test func decodeGarbageThrows() {
        #expect(throws: ProtobufDecodingError.self) { try CallStatus.decode([0xFF, 0xFF, 0xFF]) }
    }

    @Test func description() {
        #expect(CallStatus(code: .ok).description == "OK")
        #expect(CallStatus(code: .notFound, message: "invoice x").description == "NOT_FOUND: invoice x")
    }
}

@Suite struct GoAwayTests {
    @Test func roundTrip() throws {
        let goAway = GoAway(lastCallID: 4_000_000_001, code: .unavailable, message: "server is shutting down")

        let decoded = try GoAway.decode(goAway.encoded())

        #expect(decoded == goAway)
        #expect(decoded.lastCallID == 4_000_000_001)
    }

    @Test func encodingMatchesWireFormat() {
        let goAway = GoAway(lastCallID: 300, code: .unavailable, message: "")

        // Field 1 has varint tag 0x08, and 300 = 2 * 128 + 44 encodes as
        // AC 02. Field 2 has tag 0x10 and value 14. The empty message is
        // left out.
        #expect(goAway.encoded() == [0x08, 0xAC, 0x02, 0x10, 0x0E])
    }

    @Test func decodeEmptyGivesDefaults() throws {
        let decoded = try GoAway.decode([])

        #expect(decoded.lastCallID == 0)
        #expect(decoded.code == .ok)
        #expect(decoded.message == "")
    }

    @Test func decodeGarbageThrows() {
        #expect(throws: ProtobufDecodingError.self) { try GoAway.decode([0xFF, 0xFF, 0xFF]) }
    }
}

@Suite struct ProtocolErrorPayloadTests {
    @Test func roundTrip() throws {
        let payload = ProtocolErrorPayload(code: 2, message: "PING frame must have call id 0, got 3", callID: 3)

        let decoded = try ProtocolErrorPayload.decode(payload.encoded())

        #expect(decoded == payload)
    }

    @Test func fromDecodingError() {
        let error = FrameDecodingError(code: .malformedPayload, message: "bad", callID: 12)

        let payload = ProtocolErrorPayload(error)

        #expect(payload.code == 3)
        #expect(payload.message == "bad")
        #expect(payload.callID == 12)
    }

    @Test func decodeEmptyGivesDefaults() throws {
        let decoded = try ProtocolErrorPayload.decode([])

        #expect(decoded == ProtocolErrorPayload(code: 0, message: "", callID: 0))
    }

    @Test func decodeGarbageThrows() {
        #expect(throws: ProtobufDecodingError.self) { try ProtocolErrorPayload.decode([0xFF, 0xFF, 0xFF]) }
    }

    @Test func decodingErrorNamesMessage() throws {
        let error = try #require(throws: ProtobufDecodingError.self) {
            try ProtocolErrorPayload.decode([0xFF, 0xFF, 0xFF])
        }

        #expect(error.messageName == "fapiao.wire.v1.ProtocolError")
        #expect(error.byteCount == 3)
    }
}
