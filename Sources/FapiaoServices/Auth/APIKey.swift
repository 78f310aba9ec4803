import COpenSSL
import Foundation

/// An API key as text: `fpk_<tenant>_<key id>_<secret>`.
///
/// `tenant` is the tenant UUID as 32 hex digits, `key id` 16 hex digits and
/// `secret` 64 hex digits (32 random bytes). The prefix and key id are not
/// secret: they let an operator recognise a leaked key and revoke it by id.
/// The server stores only the SHA-256 of the secret, because a 256-bit
/// random secret needs no slow password hash.
public struct APIKey: Sendable, Equatable {
    public static let prefix = "fpk_"

    /// Tenant UUID in its canonical lower-case form with dashes.
    public let tenantID: String
    public let keyID: String
    let secret: [UInt8]

    /// Generates a key with fresh random id and secret.
    ///
    /// - Throws: `APIKeyError.randomFailed` when OpenSSL has no entropy.
    public static func generate(tenantID: String) throws -> APIKey {
        var idBytes = [UInt8](repeating: 0, count: 8)
        var secret = [UInt8](repeating: 0, count: 32)
        guard RAND_bytes(&idBytes, 8) == 1, RAND_bytes(&secret, 32) == 1 else {
            throw APIKeyError.randomFailed
        }
        return APIKey(tenantID: tenantID.lowercased(), keyID: hex(idBytes), secret: secret)
    }

    /// Parses key text; nil when it does not have the key format.
    public init?(parsing text: String) {
        guard text.hasPrefix(APIKey.prefix) else { return nil }
        let parts = text.dropFirst(APIKey.prefix.count).split(
            separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 32, parts[1].count == 16, parts[2].count == 64,
            let tenantBytes = APIKey.unhex(parts[0]), APIKey.unhex(parts[1]) != nil,
            let secret = APIKey.unhex(parts[2])
        else { return nil }
        let tenant = APIKey.hex(tenantBytes)
        let dashed = [
            tenant.prefix(8), tenant.dropFirst(8).prefix(4), tenant.dropFirst(12).prefix(4),
            tenant.dropFirst(16).prefix(4), tenant.dropFirst(20),
        ].joined(separator: "-")
        self.init(tenantID: dashed, keyID: String(parts[1]), secret: secret)
    }

    init(tenantID: String, keyID: String, secret: [UInt8]) {
        self.tenantID = tenantID
        self.keyID = keyID
        self.secret = secret
    }

    /// The full key text. Show it once and never log it.
    public var text: String {
        APIKey.prefix + tenantID.replacingOccurrences(of: "-", with: "") + "_" + keyID + "_"
            + APIKey.hex(secret)
    }

    /// SHA-256 of the secret, the value stored in `api_keys.secret_hash`.
    public var secretHash: [UInt8] { Digest.sha256(secret) }

    /// `secretHash` in PostgreSQL's bytea hex input form, `\x…`.
    public var secretHashByteaHex: String { "\\x" + APIKey.hex(secretHash) }

    /// Compares the secret's hash with `storedHash` in constant time.
    public func matches(storedHash: [UInt8]) -> Bool {
        let hash = secretHash
        guard storedHash.count == hash.count else { return false }
        return CRYPTO_memcmp(hash, storedHash, hash.count) == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result = [UInt8]()
        result.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: result, as: UTF8.self)
    }

    static func unhex(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// Failure to create an API key.
public enum APIKeyError: Error, CustomStringConvertible {
    case randomFailed

    public var description: String { "OpenSSL RAND_bytes failed to produce a random key" }
}
