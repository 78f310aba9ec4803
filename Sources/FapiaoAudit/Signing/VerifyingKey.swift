import COpenSSL
import Synchronization

/// Ed25519 public key that checks digest signatures.
///
/// Safe to share between threads: each `verify` call creates its own
/// `EVP_MD_CTX`, and a mutex serializes use of the shared `EVP_PKEY`.
public final class VerifyingKey: @unchecked Sendable {
    /// First 16 hex digits of the SHA-256 of the DER SubjectPublicKeyInfo.
    public let keyID: String

    private let key: OpaquePointer
    private let lock = Mutex(())

    /// Reads a PEM "PUBLIC KEY" (SubjectPublicKeyInfo); throws unless it is an Ed25519 key.
    public convenience init(pem: String) throws {
        try self.init(pem: pem, source: "public key PEM")
    }

    /// `source` names the PEM's origin, such as a file path, in errors.
    init(pem: String, source: String) throws {
        let key = try PublicKeyEncoding.readPublicKey(pem: pem, source: source)
        do {
            keyID = try PublicKeyEncoding.keyID(key)
        } catch {
            EVP_PKEY_free(key)
            throw error
        }
        self.key = key
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Returns whether `signature` is a valid Ed25519 signature of `message`.
    /// Returns false, too, when OpenSSL fails to set up the check.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        lock.withLock { _ in
            guard let context = EVP_MD_CTX_new() else {
                ERR_clear_error()
                return false
            }
            defer { EVP_MD_CTX_free(context) }
            guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else {
                ERR_clear_error()
                return false
            }
            let result = EVP_DigestVerify(
                context, signature, signature.count, message, message.count)
            // A failed check leaves an entry on the thread's error queue.
            ERR_clear_error()
            return result == 1
        }
    }
}
