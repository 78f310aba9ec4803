import FapiaoAPI
import FapiaoWire
import Foundation
import Testing

@Suite("Wire protocol against the server")
struct ProtocolTests {
    let server = SharedServer.instance

    func connect() throws -> RawConnection {
        try RawConnection(host: server.address.host, port: server.address.port, authority: server.authority)
    }

    /// Sends a health check on `connection` and returns its reply frames.
    func checkHealth(on connection: RawConnection, callID: UInt32) -> (Frame?, Frame?) {
        connection.send(callFrame(callID))
        connection.send(healthRequest(callID))
        return (connection.nextNonPingFrame(), connection.nextNonPingFrame())
    }

    /// Sends `bytes`, expects PROTOCOL_ERROR with `code` and a close, and
    /// checks that another connection is still served.
    func expectProtocolError(
        _ bytes: [UInt8], code: FrameDecodingError.Code, before: [Frame] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let bystander = try connect()
        let offender = try connect()
        for frame in before { offender.send(frame) }
        offender.send(bytes)
        // Replies to the calls in `before` may arrive first, in any order.
        var next = offender.nextNonPingFrame()
        while let candidate = next, candidate.type != .protocolError, candidate.callID != 0 {
            next = offender.nextNonPingFrame()
        }
        let frame = try #require(next, sourceLocation: sourceLocation)
        #expect(frame.type == .protocolError, sourceLocation: sourceLocation)
        #expect(frame.callID == 0, sourceLocation: sourceLocation)
        let payload = try ProtocolErrorPayload.decode(frame.payload)
        #expect(payload.code == code.rawValue, "\(payload.message)", sourceLocation: sourceLocation)
        #expect(!payload.message.isEmpty, sourceLocation: sourceLocation)
        #expect(offender.waitForClose(), sourceLocation: sourceLocation)

        let (reply, status) = checkHealth(on: bystander, callID: 1)
        #expect(reply?.type == .message, sourceLocation: sourceLocation)
        #expect(status?.type == .status, sourceLocation: sourceLocation)
        let decoded = try status.map { try CallStatus.decode($0.payload) }
        #expect(decoded?.code == .ok, sourceLocation: sourceLocation)
        bystander.close()
    }

    @Test("ping is answered with its payload")
    func ping() throws {
        let connection = try connect()
        let payload: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        connection.send(Frame(type: .ping, callID: 0, payload: payload))
        let reply = try #require(connection.nextFrame())
        #expect(reply.type == .ping)
        #expect(reply.flags.contains(.ack))
        #expect(reply.payload == payload)
    }

    @Test("unknown frame type closes connection")
    func unknownFrameType() throws {
        var bytes: [UInt8] = []
        Frame.appendHeader(into: &bytes, payloadLength: 0, type: 0x09, flags: 0, callID: 1)
        try expectProtocolError(bytes, code: .unknownFrameType)
    }

    @Test("HTTP request instead of frames")
    func httpGarbage() throws {
        try expectProtocolError(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), code: .unknownFrameType)
    }

    @Test("CALL with call id 0")
    func callIDZero() throws {
        try expectProtocolError(callFrame(0).encoded(), code: .invalidCallID)
    }

    @Test("PING with call id")
    func pingWithCallID() throws {
        var bytes: [UInt8] = []
        Frame.appendHeader(into: &bytes, payloadLength: 8, type: 0x05, flags: 0, callID: 3)
        bytes += [0, 0, 0, 0, 0, 0, 0, 0]
        try expectProtocolError(bytes, code: .invalidCallID)
    }

    @Test("PING of 7 bytes")
    func shortPing() throws {
        try expectProtocolError(
            Frame(type: .ping, callID: 0, payload: [1, 2, 3, 4, 5, 6, 7]).encoded(),
            code: .malformedPayload)
    }

    @Test("CALL payload not a CallStart")
    func garbageCallStart() throws {
        try expectProtocolError(
            Frame(type: .call, callID: 1, payload: [0xff, 0xff, 0xff, 0xff]).encoded(),
            code: .malformedPayload)
    }

    @Test("MESSAGE for a call never opened")
    func messageWithoutCall() throws {
        try expectProtocolError(healthRequest(7).encoded(), code: .unexpectedFrame)
    }

    @Test("call id that does not increase")
    func reusedCallID() throws {
        try expectProtocolError(
            callFrame(3).encoded(), code: .invalidCallID, before: [callFrame(5), healthRequest(5)])
    }

    @Test("STATUS sent by a client")
    func statusFromClient() throws {
        try expectProtocolError(
            Frame(type: .status, callID: 1, payload: CallStatus.ok.encoded()).encoded(),
            code: .unexpectedFrame)
    }

    @Test("oversized message ends only its call")
    func oversizedMessage() throws {
        let connection = try connect()
        connection.send(callFrame(1))
        let limit = ProtocolConstants.defaultMaximumMessageSize
        connection.send(
            Frame(type: .message, flags: .endStream, callID: 1, payload: [UInt8](repeating: 0, count: limit + 1)))
        let frame = try #require(connection.nextNonPingFrame(timeout: 30))
        #expect(frame.type == .status)
        #expect(frame.callID == 1)
        let status = try CallStatus.decode(frame.payload)
        #expect(status.code == .resourceExhausted)
        #expect(status.message.contains(String(limit + 1)))
        #expect(status.message.contains(String(limit)))
        #expect(status.message.contains("FAPIAO_MAX_MESSAGE_BYTES"))

        let (reply, end) = checkHealth(on: connection, callID: 3)
        #expect(reply?.type == .message)
        #expect(try end.map { try CallStatus.decode($0.payload).code } == .ok)
    }

    @Test("unknown method is unimplemented")
    func unknownMethod() throws {
        let connection = try connect()
        connection.send(callFrame(1, "/fapiao.nothing.v1.Nothing/Do"))
        let frame = try #require(connection.nextNonPingFrame())
        #expect(frame.type == .status)
        let status = try CallStatus.decode(frame.payload)
        #expect(status.code == .unimplemented)
        #expect(status.message.contains("/fapiao.nothing.v1.Nothing/Do"))
    }

    @Test("invalid metadata key")
    func invalidMetadata() throws {
        let connection = try connect()
        var metadata = Metadata()
        metadata.add("Bad Key", "x")
        connection.send(callFrame(1, metadata: metadata))
        let frame = try #require(connection.nextNonPingFrame())
        let status = try CallStatus.decode(frame.payload)
        #expect(status.code == .invalidArgument)
        #expect(status.message.contains("Bad Key"))
    }

    @Test("deadline passes before request")
    func deadlineExceeded() throws {
        let connection = try connect()
        connection.send(callFrame(1, timeoutMicroseconds: 50_000))
        let frame = try #require(connection.nextNonPingFrame())
        #expect(frame.type == .status)
        let status = try CallStatus.decode(frame.payload)
        #expect(status.code == .deadlineExceeded)
    }

    @Test("cancelled call gets no status")
    func cancel() throws {
        let connection = try connect()
        connection.send(callFrame(1))
        connection.send(Frame(type: .cancel, callID: 1))
        connection.send(healthRequest(1))
        let marker: [UInt8] = [9, 9, 9, 9, 9, 9, 9, 9]
        connection.send(Frame(type: .ping, callID: 0, payload: marker))
        // The server handles frames in order, so a STATUS for call 1 would
        // arrive before the reply to the later PING.
        let frame = try #require(connection.nextFrame())
        #expect(frame.type == .ping)
        #expect(frame.payload == marker)
        let (reply, end) = checkHealth(on: connection, callID: 2)
        #expect(reply?.callID == 2)
        #expect(end?.callID == 2)
    }

    @Test("end of stream without request")
    func missingRequest() throws {
        let connection = try connect()
        connection.send(callFrame(1, flags: .endStream))
        let frame = try #require(connection.nextNonPingFrame())
        let status = try CallStatus.decode(frame.payload)
        #expect(status.code == .internal)
    }

    @Test("many calls on one connection")
    func multiplexing() throws {
        let connection = try connect()
        let ids: [UInt32] = Array(stride(from: 1, through: 39, by: 2))
        for id in ids { connection.send(callFrame(id)) }
        for id in ids.reversed() { connection.send(healthRequest(id)) }
        var statuses: Set<UInt32> = []
        var messages: Set<UInt32> = []
        while statuses.count < ids.count, let frame = connection.nextNonPingFrame() {
            if frame.type == .message { messages.insert(frame.callID) }
            if frame.type == .status {
                #expect(messages.contains(frame.callID))
                #expect(try CallStatus.decode(frame.payload).code == .ok)
                statuses.insert(frame.callID)
            }
        }
        #expect(statuses == Set(ids))
    }

    @Test("ALPN other than fapiao/1 is refused")
    func alpnMismatch() throws {
        #expect(throws: (any Error).self) {
            _ = try RawConnection(
                host: server.address.host, port: server.address.port, authority: server.authority,
                protocols: ["h2"])
        }
    }
}

@Suite("Hostile input")
struct HostileInputTests {
    let server = SharedServer.instance

    @Test("NUL in a request string is rejected")
    func nulInRemarks() throws {
        let fixture = try TenantFixture()
        defer { fixture.close() }
        // A second remarks field (6) whose value contains a NUL. The last one would win.
        let bytes = sampleInvoiceRequest().protobufBytes() + [0x32, 0x03, 0x61, 0x00, 0x62]
        let status = callStatus(
            fixture.admin, MethodNames.issueInvoice, request: bytes, metadata: idempotencyMetadata())
        #expect(status.code == .invalidArgument)
        #expect(status.message.contains("remarks contains a NUL byte"))
        let invalid = sampleInvoiceRequest().protobufBytes() + [0x32, 0x02, 0xc0, 0xaf]
        let utf8 = callStatus(
            fixture.admin, MethodNames.issueInvoice, request: invalid, metadata: idempotencyMetadata())
        #expect(utf8.code == .invalidArgument)
        #expect(utf8.message.contains("remarks is not valid UTF-8"))
    }

    @Test("CALL with invalid UTF-8 method")
    func invalidMethod() throws {
        let connection = try RawConnection(host: server.address.host, port: server.address.port, authority: server.authority)
        connection.send(Frame(type: .call, callID: 1, payload: [0x0a, 0x02, 0xc0, 0xaf]))
        let frame = try #require(connection.nextNonPingFrame())
        #expect(frame.type == .protocolError)
        #expect(try ProtocolErrorPayload.decode(frame.payload).code == FrameDecodingError.Code.malformedPayload.rawValue)
    }

    @Test("CANCEL for a call never opened")
    func cancelUnopened() throws {
        let connection = try RawConnection(host: server.address.host, port: server.address.port, authority: server.authority)
        connection.send(Frame(type: .cancel, callID: 7))
        let frame = try #require(connection.nextNonPingFrame())
        #expect(frame.type == .protocolError)
        #expect(try ProtocolErrorPayload.decode(frame.payload).code == FrameDecodingError.Code.unexpectedFrame.rawValue)
        #expect(connection.waitForClose())
    }

    @Test("waiting calls are bounded")
    func waitingCallBytes() throws {
        let connection = try RawConnection(host: server.address.host, port: server.address.port, authority: server.authority)
        var metadata = Metadata()
        metadata.add("padding", String(repeating: "x", count: 8000))
        let start = CallStart(method: MethodNames.healthCheck, metadata: metadata).encoded()
        var callID: UInt32 = 1
        var rejected: CallStatus?
        while rejected == nil && callID < 400 {
            connection.send(Frame(type: .call, callID: callID, payload: start))
            connection.send(Frame(type: .ping, callID: 0, payload: [0, 0, 0, 0, 0, 0, 0, UInt8(callID % 256)]))
            while let frame = connection.nextFrame(timeout: 5) {
                if frame.type == .ping { break }
                if frame.type == .status { rejected = try CallStatus.decode(frame.payload) }
            }
            callID += 2
        }
        let status = try #require(rejected)
        #expect(status.code == .resourceExhausted)
        #expect(status.message.contains("waiting for their request"))
        // About 1 MiB / 8 KiB calls are admitted before the limit.
        #expect(callID > 200)
    }
}
