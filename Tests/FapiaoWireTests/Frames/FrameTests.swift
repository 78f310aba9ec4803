import FapiaoWire
import Testing

@Suite struct FrameTests {
    @Test func encodeWritesHeaderThenPayload() {
        let frame = Frame(
            type: .message, flags: .endStream, callID: 0x0102_0304, payload: [0xAA, 0xBB, 0xCC])

        // Length 3 as big-endian UInt32, type MESSAGE = 2, flags 0x01, call
        // id 0x01020304 big-endian, then the payload.
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x03,
            0x02,
            0x01,
            0x01, 0x02, 0x03, 0x04,
            0xAA, 0xBB, 0xCC,
        ]
        #expect(frame.encoded() == expected)
    }

    @Test func encodeLargeLengthAndCallID() {
        let payload = [UInt8](repeating: 0x5A, count: 0x0001_0203)
        let frame = Frame(type: .call, callID: 0xFEDC_BA98, payload: payload)

        let bytes = frame.encoded()

        #expect(bytes.count == 10 + 0x0001_0203)
        #expect(Array(bytes.prefix(10)) == [0x00, 0x01, 0x02, 0x03, 0x01, 0x00, 0xFE, 0xDC, 0xBA, 0x98])
        #expect(bytes.dropFirst(10).allSatisfy { $0 == 0x5A })
    }

    @Test func encodeEmptyPayload() {
        let frame = Frame(type: .cancel, callID: 7)

        #expect(frame.encoded() == [0, 0, 0, 0, 0x04, 0x00, 0, 0, 0, 7])
    }

    @Test func encodeIntoAppendsToBuffer() {
        var buffer: [UInt8] = [0xEE]
        let ping = Frame(type: .ping, flags: .ack, callID: 0, payload: [1, 2, 3, 4, 5, 6, 7, 8])

        ping.encode(into: &buffer)

        #expect(buffer == [0xEE, 0, 0, 0, 8, 0x05, 0x01, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func frameTypeNumbers() {
        #expect(FrameType.call.rawValue == 1)
        #expect(FrameType.message.rawValue == 2)
        #expect(FrameType.status.rawValue == 3)
        #expect(FrameType.cancel.rawValue == 4)
        #expect(FrameType.ping.rawValue == 5)
        #expect(FrameType.goAway.rawValue == 6)
        #expect(FrameType.protocolError.rawValue == 7)
        #expect(FrameType.allCases.count == 7)
    }

    @Test func frameTypeConnectionLevel() {
        #expect(FrameType.ping.isConnectionLevel)
        #expect(FrameType.goAway.isConnectionLevel)
        #expect(FrameType.protocolError.isConnectionLevel)
        #expect(!FrameType.call.isConnectionLevel)
        #expect(!FrameType.message.isConnectionLevel)
        #expect(!FrameType.status.isConnectionLevel)
        #expect(!FrameType.cancel.isConnectionLevel)
    }

    @Test func flagBits() {
        #expect(FrameFlags.endStream.rawValue == 0x01)
        #expect(FrameFlags.ack.rawValue == 0x01)
        #expect(Frame.headerSize == 10)
    }
}
