public import CFapiaoProto
import Glibc

/// Owns the C memory that a protobuf-c message built from Swift values points
/// into: strings, byte fields and repeated-field arrays.
///
/// Build a message, pack it while the arena is alive, and let the arena go;
/// everything it handed out is freed in `deinit`. Not thread-safe: an arena
/// belongs to the one function that packs a message.
public final class ProtobufArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    public init() {}

    deinit {
        for allocation in allocations {
            free(allocation)
        }
    }

    /// Returns a NUL-terminated copy of `string` that lives as long as the arena.
    public func string(_ string: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(string.utf8)
        let pointer = allocate(UInt8.self, count: utf8.count + 1)
        pointer.initialize(from: utf8, count: utf8.count)
        pointer[utf8.count] = 0
        return UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: CChar.self)
    }

    /// Returns a protobuf-c bytes field holding a copy of `bytes`.
    public func bytes(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        guard !bytes.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let pointer = allocate(UInt8.self, count: bytes.count)
        pointer.initialize(from: bytes, count: bytes.count)
        return ProtobufCBinaryData(len: bytes.count, data: pointer)
    }

    /// Returns an array of `count` pointers for a repeated message field.
    public func pointerArray<Element>(
        _ elements: [UnsafeMutablePointer<Element>]
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<Element>?>? {
        guard !elements.isEmpty else { return nil }
        let array = allocate(UnsafeMutablePointer<Element>?.self, count: elements.count)
        for (index, element) in elements.enumerated() {
            (array + index).initialize(to: element)
        }
        return array
    }

    /// Returns storage for one message that `initialize` sets up, typically
    /// with the generated `..._init` function.
    public func message<Message>(
        _ type: Message.Type, initialize: (UnsafeMutablePointer<Message>) -> Void
    ) -> UnsafeMutablePointer<Message> {
        let pointer = allocate(Message.self, count: 1)
        initialize(pointer)
        return pointer
    }

    private func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let size = max(1, MemoryLayout<T>.stride * count)
        // Safe to force-unwrap: malloc fails only when the process is out of
        // memory, where continuing would corrupt state anyway.
        let raw = malloc(size)!
        allocations.append(raw)
        return raw.bindMemory(to: T.self, capacity: count)
    }
}

/// Helpers for reading fields of unpacked protobuf-c messages.
public enum ProtobufField {
    /// Returns the Swift string of a protobuf-c string field, "" for NULL.
    public static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// Returns a copy of a protobuf-c bytes field.
    public static func bytes(_ data: ProtobufCBinaryData) -> [UInt8] {
        guard let base = data.data, data.len > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: data.len))
    }

    /// Returns the elements of a repeated message field.
    public static func array<Element>(
        _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<Element>?>?, count: Int
    ) -> [UnsafeMutablePointer<Element>] {
        guard let pointer, count > 0 else { return [] }
        return (0..<count).compactMap { pointer[$0] }
    }
}

/// Packs a protobuf-c message into bytes with its generated size and pack functions.
public func packProtobuf<Message>(
    _ message: UnsafePointer<Message>,
    size: (UnsafePointer<Message>) -> Int,
    pack: (UnsafePointer<Message>, UnsafeMutablePointer<UInt8>) -> Int
) -> [UInt8] {
    let length = size(message)
    guard length > 0 else { return [] }
    return [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
        // Safe to force-unwrap: the buffer has a capacity of `length` > 0.
        initialized = pack(message, buffer.baseAddress!)
    }
}

/// Unpacks bytes with a generated `..._unpack` function, hands the message to
/// `body`, and frees it with the generated `..._free_unpacked` function.
///
/// - Throws: `ProtobufDecodingError` when protobuf-c cannot parse the bytes,
///   or what `body` throws.
public func withUnpackedProtobuf<Message, Result>(
    _ bytes: some Collection<UInt8>,
    messageName: String,
    unpack: (Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<Message>?,
    free: (UnsafeMutablePointer<Message>) -> Void,
    _ body: (UnsafeMutablePointer<Message>) throws -> Result
) throws -> Result {
    let contiguous = Array(bytes)
    let message = contiguous.withUnsafeBufferPointer { buffer in
        unpack(buffer.count, buffer.baseAddress)
    }
    guard let message else {
        throw ProtobufDecodingError(messageName: messageName, byteCount: contiguous.count)
    }
    defer { free(message) }
    // Every generated message starts with its ProtobufCMessage header.
    let header = UnsafeMutableRawPointer(message).assumingMemoryBound(to: ProtobufCMessage.self)
    if let descriptor = header.pointee.descriptor {
        let failure = contiguous.withUnsafeBufferPointer { buffer in
            ProtobufStringValidator.firstInvalidString(in: buffer, descriptor: descriptor)
        }
        if let failure {
            throw ProtobufDecodingError(
                messageName: messageName, byteCount: contiguous.count, reason: failure)
        }
    }
    return try body(message)
}

/// Bytes that do not parse as the expected protobuf message.
public struct ProtobufDecodingError: Error, CustomStringConvertible, Equatable {
    public let messageName: String
    public let byteCount: Int
    /// Problem of a field in bytes that parse, or empty when they do not parse.
    public var reason: String = ""

    public var description: String {
        guard reason.isEmpty else { return "invalid \(messageName): \(reason)" }
        return "invalid \(messageName): \(byteCount) bytes do not parse as that protobuf message"
    }
}
