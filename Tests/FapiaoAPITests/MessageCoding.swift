import FapiaoAPI
import Foundation
import Testing

/// Encodes `message` as protobuf and parses the bytes back.
func protobufRoundTrip<Message: ProtobufMessage>(_ message: Message) throws -> Message {
    try Message(protobufBytes: message.protobufBytes())
}

/// Encodes `message` as proto3 JSON and parses the text back.
func jsonRoundTrip<Message: ProtobufMessage>(_ message: Message) throws -> Message {
    try ProtoJSON.decode(Message.self, from: ProtoJSON.encode(message))
}

/// Parses `json` as `Message` in the proto3 JSON mapping.
func decodeJSON<Message: Decodable>(_ type: Message.Type, _ json: String) throws -> Message {
    try ProtoJSON.decode(type, from: Data(json.utf8))
}

/// Returns the top-level object of the proto3 JSON encoding of `message`.
func encodedJSONObject(_ message: some Encodable) throws -> [String: Any] {
    let data = try ProtoJSON.encode(message)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

/// Returns the `ProtoJSONError` that parsing `json` as `Message` raises, or
/// nil when parsing succeeds.
func jsonDecodingError<Message: Decodable>(_ type: Message.Type, _ json: String) -> ProtoJSONError? {
    do {
        _ = try decodeJSON(type, json)
        return nil
    } catch let error as ProtoJSONError {
        return error
    } catch {
        Issue.record("expected ProtoJSONError, got \(error)")
        return nil
    }
}
