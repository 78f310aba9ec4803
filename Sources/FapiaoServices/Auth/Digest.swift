import COpenSSL

/// Hash functions of OpenSSL.
enum Digest {
    /// Returns the 32-byte SHA-256 of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { buffer in
            _ = SHA256(buffer.baseAddress, buffer.count, &digest)
        }
        return digest
    }

    /// Returns the SHA-256 of `bytes` as PostgreSQL's bytea hex input, `\x…`.
    static func sha256ByteaHex(_ bytes: [UInt8]) -> String {
        "\\x" + APIKey.hex(sha256(bytes))
    }
}
