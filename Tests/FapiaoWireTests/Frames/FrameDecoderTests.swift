import FapiaoWire
import Testing

/// Builds a raw frame header byte by byte, independently of `Frame`, so that
/// tests can describe malformed frames the encoder would never produce.
private func rawHeader(length: UInt32, type: UInt8, flags: UInt8 = 0, callID: UInt32) -> [UInt8] {
    [
        UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF),
        UInt8(length & 0xFF),
        type,
        flags,
        UInt8(callID >> 24), UInt8((callID >> 16) & 0xFF), UInt8((callID >> 8) & 0xFF),
        UInt8(callID & 0xFF),
    ]
}

/// Returns every event the decoder yields until it needs more bytes.
private func drain(_ decoder: inout FrameDecoder) throws(FrameDecodingError) -> [FrameDecoder.Event] {
    var events: [FrameDecoder.Event] = []
    while let event = try decoder.next() {
        events.append(event)
    }
    return events
}

/// Returns the error that decoding `bytes` as one frame raises, or nil when
/// it raises none.
private func decodingError(_ bytes: [UInt8], maximumPayloadSize: Int = 1024) -> FrameDecodingError? {
    var decoder = FrameDecoder(maximumPayloadSize: maximumPayloadSize)
    decoder.append(bytes)
    do {
        _ = try decoder.next()
        return nil
    } catch {
        return error
    }
}

@Suite struct FrameDecoderTests {
    @Test func decodeHandBuiltFrame() throws {
        var decoder = FrameDecoder(maximumPayloadSize: 64)
        decoder.append(rawHeader(length: 2, type: 0x02, flags: 0x01, callID: 9) + [0x10, 0x20])

        let event = try decoder.next()

        let expected = Frame(type: .message, flags: .endStream, callID: 9, payload: [0x10, 0x20])
        #expect(event == .frame(expected))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func roundTripEveryType() throws {
        let frames = [
            Frame(type: .call, callID: 1, payload: Array("call".utf8)),
            Frame(type: .message, flags: .endStream, callID: 1, payload: [0, 1, 2]),
            Frame(type: .status, callID: 1, payload: []),
            Frame(type: .cancel, callID: 3),
            Frame(type: .ping, callID: 0, payload: [8, 7, 6, 5, 4, 3, 2, 1]),
            Frame(type: .ping, flags: .ack, callID: 0, payload: [8, 7, 6, 5, 4, 3, 2, 1]),
            Frame(type: .goAway, callID: 0, payload: [0x08, 0x05]),
            Frame(type: .protocolError, callID: 0, payload: [0x08, 0x01]),
        ]
        for frame in frames {
            var decoder = FrameDecoder(maximumPayloadSize: 64)
            decoder.append(frame.encoded())

            #expect(try decoder.next() == .frame(frame))
            #expect(try decoder.next() == nil)
        }
    }

    @Test func byteAtATime() throws {
        let first = Frame(type: .call, callID: 5, payload: Array("/a.B/C".utf8))
        let second = Frame(type: .message, flags: .endStream, callID: 5, payload: [9, 9, 9])
        let bytes = first.encoded() + second.encoded()
        var decoder = FrameDecoder(maximumPayloadSize: 64)
        var events: [FrameDecoder.Event] = []

        for (index, byte) in bytes.enumerated() {
            decoder.append([byte])
            let newEvents = try drain(&decoder)
            // A frame completes only on its last byte: 16 bytes for the
            // first frame, 13 for the second.
            if index == 15 || index == bytes.count - 1 {
                #expect(newEvents.count == 1, "byte \(index)")
            } else {
                #expect(newEvents.isEmpty, "byte \(index)")
            }
            events += newEvents
        }

        #expect(events == [.frame(first), .frame(second)])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func manyFramesInOneChunk() throws {
        let frames = (1...50).map { index in
            Frame(type: .message, callID: UInt32(index), payload: [UInt8](repeating: UInt8(index), count: index))
        }
        var decoder = FrameDecoder(maximumPayloadSize: 64)
        decoder.append(frames.flatMap { $0.encoded() })

        let events = try drain(&decoder)

        #expect(events == frames.map { .frame($0) })
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func frameSplitAcrossAppends() throws {
        let frame = Frame(type: .status, callID: 77, payload: [UInt8](1...20))
        let bytes = frame.encoded()
        var decoder = FrameDecoder(maximumPayloadSize: 64)

        // Split inside the header, then inside the payload.
        decoder.append(bytes[0..<4])
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 4)

        decoder.append(bytes[4..<15])
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 15)

        decoder.append(bytes[15...])
        #expect(try decoder.next() == .frame(frame))
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func partialNextFrameStaysBuffered() throws {
        let first = Frame(type: .message, callID: 1, payload: [1, 2, 3])
        let second = Frame(type: .message, callID: 2, payload: [4, 5, 6])
        let secondBytes = second.encoded()
        var decoder = FrameDecoder(maximumPayloadSize: 64)

        decoder.append(first.encoded() + secondBytes.prefix(5))

        #expect(try decoder.next() == .frame(first))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 5)

        decoder.append(secondBytes.dropFirst(5))
        #expect(try decoder.next() == .frame(second))
    }

    @Test(arguments: [UInt8(0x00), 0x08, 0xFF])
    func unknownFrameType(type: UInt8) throws {
        let error = try #require(decodingError(rawHeader(length: 0, type: type, callID: 42)))

        #expect(error.code == .unknownFrameType)
        #expect(error.callID == 42)
    }

    @Test(arguments: [UInt8(1), 2, 3, 4])
    func callFrameWithCallIDZero(type: UInt8) throws {
        let error = try #require(decodingError(rawHeader(length: 0, type: type, callID: 0)))

        #expect(error.code == .invalidCallID)
        #expect(error.callID == 0)
    }

    @Test(arguments: [UInt8(5), 6, 7])
    func connectionFrameWithCallID(type: UInt8) throws {
        // PING needs 8 payload bytes so that only the call id is wrong.
        let length: UInt32 = type == 5 ? 8 : 0
        let bytes = rawHeader(length: length, type: type, callID: 3) + [UInt8](repeating: 0, count: Int(length))

        let error = try #require(decodingError(bytes))

        #expect(error.code == .invalidCallID)
        #expect(error.callID == 3)
    }

    @Test(arguments: [UInt32(0), 7, 9])
    func pingWithWrongLength(length: UInt32) throws {
        let bytes = rawHeader(length: length, type: 5, callID: 0) + [UInt8](repeating: 0, count: Int(length))

        let error = try #require(decodingError(bytes))

        #expect(error.code == .malformedPayload)
        #expect(error.callID == 0)
    }

    @Test func pingLengthCheckedBeforePayloadArrives() throws {
        let error = try #require(decodingError(rawHeader(length: 9, type: 5, callID: 0)))

        #expect(error.code == .malformedPayload)
    }

    @Test func cancelWithPayload() throws {
        let bytes = rawHeader(length: 1, type: 4, callID: 11) + [0x00]

        let error = try #require(decodingError(bytes))

        #expect(error.code == .malformedPayload)
        #expect(error.callID == 11)
    }

    @Test func errorCodeNumbers() {
        #expect(FrameDecodingError.Code.unknownFrameType.rawValue == 1)
        #expect(FrameDecodingError.Code.invalidCallID.rawValue == 2)
        #expect(FrameDecodingError.Code.malformedPayload.rawValue == 3)
        #expect(FrameDecodingError.Code.unexpectedFrame.rawValue == 4)
    }

    @Test func errorAfterGoodFrame() throws {
        let good = Frame(type: .message, callID: 1, payload: [1])
        var decoder = FrameDecoder(maximumPayloadSize: 64)
        decoder.append(good.encoded() + rawHeader(length: 0, type: 0x08, callID: 1))

        #expect(try decoder.next() == .frame(good))
        #expect(throws: FrameDecodingError.self) { try decoder.next() }
    }

    @Test func oversizedSkippedAcrossAppends() throws {
        var decoder = FrameDecoder(maximumPayloadSize: 16)
        let payloadLength = 100
        let good = Frame(type: .message, flags: .endStream, callID: 4, payload: [7, 7])

        decoder.append(rawHeader(length: UInt32(payloadLength), type: 2, flags: 0x01, callID: 3))
        let notice = try decoder.next()
        #expect(notice == .oversized(type: .message, flags: .endStream, callID: 3, payloadLength: 100))

        // The skipped payload arrives in pieces of 30, 30 and 40 bytes, the
        // last piece followed by a good frame.
        decoder.append([UInt8](repeating: 0xAB, count: 30))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)

        decoder.append([UInt8](repeating: 0xAB, count: 30))
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)

        decoder.append([UInt8](repeating: 0xAB, count: 40) + good.encoded())
        #expect(try decoder.next() == .frame(good))
        #expect(try decoder.next() == nil)
    }

    @Test func oversizedInOneChunk() throws {
        let big = Frame(type: .call, callID: 1, payload: [UInt8](repeating: 1, count: 33))
        let small = Frame(type: .call, callID: 2, payload: [UInt8](repeating: 2, count: 32))
        var decoder = FrameDecoder(maximumPayloadSize: 32)
        decoder.append(big.encoded() + small.encoded())

        let events = try drain(&decoder)

        #expect(events == [.oversized(type: .call, flags: [], callID: 1, payloadLength: 33), .frame(small)])
    }

    @Test func payloadAtLimitIsFrame() throws {
        let frame = Frame(type: .message, callID: 1, payload: [UInt8](repeating: 0x33, count: 256))
        var decoder = FrameDecoder(maximumPayloadSize: 256)
        decoder.append(frame.encoded())

        #expect(try decoder.next() == .frame(frame))
    }

    @Test func oversizedMemoryStaysBounded() throws {
        let limit = 1024
        let payloadLength = 1_000_000
        var decoder = FrameDecoder(maximumPayloadSize: limit)
        decoder.append(rawHeader(length: UInt32(payloadLength), type: 2, callID: 1))
        #expect(try decoder.next() != nil)

        var sent = 0
        var largestBuffered = 0
        while sent < payloadLength {
            let chunk = min(4096, payloadLength - sent)
            decoder.append([UInt8](repeating: 0xCD, count: chunk))
            sent += chunk
            largestBuffered = max(largestBuffered, decoder.bufferedByteCount)
            #expect(try decoder.next() == nil)
        }

        #expect(largestBuffered == 0)
        let after = Frame(type: .message, callID: 2, payload: [1, 2, 3])
        decoder.append(after.encoded())
        #expect(try decoder.next() == .frame(after))
    }

    @Test func flagsPreserved() throws {
        var decoder = FrameDecoder(maximumPayloadSize: 64)
        decoder.append(rawHeader(length: 0, type: 2, flags: 0x01, callID: 1))
        decoder.append(rawHeader(length: 8, type: 5, flags: 0x01, callID: 0) + [UInt8](repeating: 0, count: 8))
        decoder.append(rawHeader(length: 0, type: 2, flags: 0x00, callID: 1))
        // Undefined bits are kept as received.
        decoder.append(rawHeader(length: 0, type: 2, flags: 0x81, callID: 1))

        let events = try drain(&decoder)

        try #require(events.count == 4)
        guard case .frame(let endStream) = events[0], case .frame(let ack) = events[1],
            case .frame(let plain) = events[2], case .frame(let extra) = events[3]
        else {
            Issue.record("expected four frames, got \(events)")
            return
        }
        #expect(endStream.flags.contains(.endStream))
        #expect(ack.type == .ping)
        #expect(ack.flags.contains(.ack))
        #expect(plain.flags.isEmpty)
        #expect(extra.flags.rawValue == 0x81)
    }

    @Test func emptyDecoderReturnsNil() throws {
        var decoder = FrameDecoder(maximumPayloadSize: 8)

        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)
        #expect(decoder.maximumPayloadSize == 8)
    }
}
