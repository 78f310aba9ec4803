import FapiaoAPI
import FapiaoWire

/// Returns the frame that starts call `callID` of `method`, for a
/// `RawConnection`.
func callFrame(
    _ callID: UInt32, _ method: String = MethodNames.healthCheck, timeoutMicroseconds: UInt64 = 0,
    metadata: Metadata = Metadata(), flags: FrameFlags = []
) -> Frame {
    let start = CallStart(method: method, timeoutMicroseconds: timeoutMicroseconds, metadata: metadata)
    return Frame(type: .call, flags: flags, callID: callID, payload: start.encoded())
}

/// Returns the frame with the request of a health Check or Watch of the
/// whole server, which ends the client's side of call `callID`.
func healthRequest(_ callID: UInt32) -> Frame {
    Frame(
        type: .message, flags: .endStream, callID: callID,
        payload: HealthCheckRequest().protobufBytes())
}
