import FapiaoAPI
import Foundation

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Prints `message` in the proto3 JSON mapping, indented over several lines.
func printJSON(_ message: some Encodable) throws {
    print(String(decoding: try ProtoJSON.encode(message), as: UTF8.self))
}

/// Returns `message` in the proto3 JSON mapping on one line with a final
/// newline, as one record of JSON Lines.
func jsonLine(_ message: some Encodable) throws -> Data {
    let indented = try ProtoJSON.encode(message)
    // A JSON string cannot contain a raw line feed, so every line feed and
    // the indentation after it are whitespace between tokens.
    var line = Data(capacity: indented.count)
    var skippingIndentation = false
    for byte in indented {
        if byte == UInt8(ascii: "\n") {
            skippingIndentation = true
        } else if skippingIndentation && byte == UInt8(ascii: " ") {
            continue
        } else {
            skippingIndentation = false
            line.append(byte)
        }
    }
    line.append(UInt8(ascii: "\n"))
    return line
}

/// Writes `secret` to `path` readable only by its owner, replacing any
/// file there.
///
/// The file is created with mode 0600, or changed to 0600 when it existed,
/// before the first byte is written, so the secret is never written to a
/// file that others may open.
func writeSecretFile(_ secret: String, to path: String) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
        throw UsageError("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    guard fchmod(descriptor, 0o600) == 0 else {
        throw UsageError("cannot set mode 0600 on '\(path)': \(String(cString: strerror(errno)))")
    }
    let bytes = Array((secret + "\n").utf8)
    var written = 0
    while written < bytes.count {
        let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if result < 0 && errno == EINTR { continue }
        guard result > 0 else {
            throw UsageError("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        written += result
    }
}
