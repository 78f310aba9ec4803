/// A public API message with its protobuf encoding (through protobuf-c) and
/// its proto3 JSON mapping (through Codable).
public protocol ProtobufMessage: Sendable, Codable, Equatable {
    /// Full protobuf name, for example `fapiao.invoice.v1.Invoice`.
    static var protobufName: String { get }

    /// Parses the protobuf encoding.
    ///
    /// - Throws: `ProtobufDecodingError` when the bytes are not this message.
    init(protobufBytes: [UInt8]) throws

    /// Returns the protobuf encoding.
    func protobufBytes() -> [UInt8]
}
