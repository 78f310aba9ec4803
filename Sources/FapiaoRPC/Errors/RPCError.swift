public import FapiaoWire

/// An error that ends a call with a gRPC status.
///
/// `message` is sent to the client, so it names the bad value but never a
/// secret. `cause` stays on the server, for logs.
public struct RPCError: Error, CustomStringConvertible {
    public var code: StatusCode
    public var message: String
    public var details: [CallStatus.Detail]
    public var trailers: Metadata
    public var cause: (any Error)?

    public init(
        _ code: StatusCode, _ message: String, details: [CallStatus.Detail] = [],
        trailers: Metadata = Metadata(), cause: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.trailers = trailers
        self.cause = cause
    }

    /// The status sent to the client.
    public var status: CallStatus {
        CallStatus(code: code, message: message, details: details, trailers: trailers)
    }

    public var description: String { "\(code.name): \(message)" }

    /// Converts any error a handler throws into the status the client gets.
    ///
    /// `RPCError` and `RPCErrorConvertible` keep their code. Every other
    /// error becomes UNKNOWN with a generic message, because its text may
    /// contain internal details; the server logs the original.
    public static func from(_ error: any Error) -> RPCError {
        if let rpcError = error as? RPCError { return rpcError }
        if let convertible = error as? any RPCErrorConvertible { return convertible.rpcError }
        if let decoding = error as? ProtobufDecodingError {
            // Bytes that parse but carry an invalid string are the client's
            // input error; bytes that do not parse are INTERNAL, as in gRPC.
            let code: StatusCode = decoding.reason.isEmpty ? .internal : .invalidArgument
            return RPCError(code, decoding.description, cause: decoding)
        }
        return RPCError(.unknown, "the server failed to handle the call", cause: error)
    }
}

/// A domain error that carries its gRPC status. Conversion happens in one
/// place, `RPCError.from(_:)`.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}
