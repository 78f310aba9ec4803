import CFapiaoProto

/// Checks the string fields of raw protobuf bytes, which protobuf-c does not.
///
/// proto3 requires valid UTF-8 in string fields. protobuf-c 1.4 hands out
/// NUL-terminated C strings, so a NUL byte inside a string would silently
/// cut it short, and it does not reject invalid UTF-8. This walks the wire
/// format with the message's descriptor and reports the first string field,
/// at any depth, that contains a NUL byte or is not UTF-8.
enum ProtobufStringValidator {
    static let maximumDepth = 64

    /// Returns the path and problem of the first bad string field, or nil.
    /// Bytes that do not parse are left to protobuf-c, which already
    /// accepted them, so they return nil.
    static func firstInvalidString(
        in bytes: UnsafeBufferPointer<UInt8>, descriptor: UnsafePointer<ProtobufCMessageDescriptor>,
        path: String = "", depth: Int = 0
    ) -> String? {
        guard depth < maximumDepth else { return nil }
        var index = 0
        func readVarint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count && shift < 64 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while index < bytes.count {
            guard let key = readVarint() else { return nil }
            let fieldNumber = UInt32(truncatingIfNeeded: key >> 3)
            switch key & 7 {
            case 0:
                guard readVarint() != nil else { return nil }
            case 1:
                index += 8
            case 5:
                index += 4
            case 2:
                guard let length = readVarint(), length <= UInt64(bytes.count - index) else { return nil }
                let start = index
                index += Int(length)
                guard let field = field(fieldNumber, of: descriptor) else { continue }
                let value = UnsafeBufferPointer(rebasing: bytes[start..<index])
                let name = path.isEmpty ? field.name : "\(path).\(field.name)"
                if field.type == PROTOBUF_C_TYPE_STRING {
                    if value.contains(0) { return "\(name) contains a NUL byte" }
                    if String(validating: value, as: UTF8.self) == nil { return "\(name) is not valid UTF-8" }
                } else if field.type == PROTOBUF_C_TYPE_MESSAGE, let nested = field.descriptor {
                    let child = nested.assumingMemoryBound(to: ProtobufCMessageDescriptor.self)
                    if let failure = firstInvalidString(in: value, descriptor: child, path: name, depth: depth + 1) {
                        return failure
                    }
                }
            default:
                return nil
            }
        }
        return nil
    }

    private static func field(
        _ number: UInt32, of descriptor: UnsafePointer<ProtobufCMessageDescriptor>
    ) -> (name: String, type: ProtobufCType, descriptor: UnsafeRawPointer?)? {
        let message = descriptor.pointee
        guard let fields = message.fields else { return nil }
        for index in 0..<Int(message.n_fields) where fields[index].id == number {
            let field = fields[index]
            let name = field.name.map { String(cString: $0) } ?? "field \(number)"
            return (name, field.type, field.descriptor)
        }
        return nil
    }
}
