import Foundation
import COpenSSL

/// Incremental SHA-256 through an OpenSSL `EVP_MD_CTX`.
///
/// Not shared between threads. OpenSSL fails here only when memory is
/// exhausted or the default provider lacks SHA-256, and both stop the
/// process, because no caller can continue without hashes.
final class SHA256Hasher {
    static let digestLength = 32

    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new() else {
            fatalError("EVP_MD_CTX_new failed: out of memory")
        }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("EVP_DigestInit_ex(SHA-256) failed: \(AuditError.openSSL("initialize SHA-256"))")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
            fatalError("EVP_DigestUpdate failed: \(AuditError.openSSL("update SHA-256"))")
        }
    }

    func update(_ bytes: some ContiguousBytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Returns the 32-byte digest. The hasher cannot be updated afterwards.
    func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Self.digestLength)
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1,
            Int(length) == Self.digestLength
        else {
            fatalError("EVP_DigestFinal_ex failed: \(AuditError.openSSL("finish SHA-256"))")
        }
        return digest
    }

    /// Returns the SHA-256 of `bytes`.
    static func hash(_ bytes: some ContiguousBytes) -> [UInt8] {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finish()
    }
}
