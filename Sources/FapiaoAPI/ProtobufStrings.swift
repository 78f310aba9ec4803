import FapiaoWire

/// Conversions for protobuf-c repeated string fields, which are a count and
/// a C array of NUL-terminated strings (`size_t n_x; char **x;`).
enum ProtobufStrings {
    /// Copies `strings` into `arena` and returns them as a C array, or nil
    /// when `strings` is empty.
    static func array(
        _ strings: [String], in arena: ProtobufArena
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        arena.pointerArray(strings.map { arena.string($0) })
    }

    /// Returns the Swift strings of a repeated string field of `count` entries.
    static func strings(
        _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, count: Int
    ) -> [String] {
        ProtobufField.array(pointer, count: count).map { String(cString: $0) }
    }
}
