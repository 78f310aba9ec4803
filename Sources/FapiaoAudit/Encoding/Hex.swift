/// Lower-case hexadecimal text of byte strings, as hashes and signatures
/// appear in entries, digests and manifests.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Decodes lower-case hex of exactly `byteCount` bytes; returns nil for
    /// any other length, upper-case digits or other characters.
    static func decode(_ text: String, byteCount: Int) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count == byteCount * 2 else { return nil }
        var bytes = [UInt8](repeating: 0, count: byteCount)
        for index in 0..<byteCount {
            guard let high = value(of: utf8[2 * index]), let low = value(of: utf8[2 * index + 1])
            else { return nil }
            bytes[index] = high << 4 | low
        }
        return bytes
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
