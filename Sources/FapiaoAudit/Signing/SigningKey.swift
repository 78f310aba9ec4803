import COpenSSL
public import Foundation
import Synchronization

/// Ed25519 private key that signs digests, kept in a PEM file.
///
/// Safe to share between threads: each `sign` call creates its own
/// `EVP_MD_CTX`, and a mutex serializes use of the shared `EVP_PKEY`.
public final class SigningKey: @unchecked Sendable {
    /// PEM "PUBLIC KEY" (SubjectPublicKeyInfo) of the key pair.
    public let publicKeyPEM: String
    /// First 16 hex digits of the SHA-256 of the DER SubjectPublicKeyInfo.
    public let keyID: String

    private let key: OpaquePointer
    private let lock = Mutex(())

    /// Takes ownership of `key`, an Ed25519 `EVP_PKEY`.
    private init(key: OpaquePointer) throws {
        do {
            publicKeyPEM = try PublicKeyEncoding.publicKeyPEM(key)
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

    /// Generates a new Ed25519 key pair that exists only in memory.
    public static func generate() throws -> SigningKey {
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
            throw AuditError.openSSL("generate Ed25519 key")
        }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1,
            let key
        else {
            throw AuditError.openSSL("generate Ed25519 key")
        }
        return try SigningKey(key: key)
    }

    /// Loads the private key from `privateKeyFile`, or, when that file does
    /// not exist, generates a key pair and writes both PEM files: the
    /// private key with mode 0600 and the public key with mode 0644.
    ///
    /// When the private key exists but `publicKeyFile` does not, writes the
    /// public key file again. Throws when an existing public key file
    /// contains a different key, because auditors would check signatures
    /// against it.
    public static func loadOrCreate(privateKeyFile: URL, publicKeyFile: URL) throws -> SigningKey {
        let signingKey: SigningKey
        if FileManager.default.fileExists(atPath: privateKeyFile.path) {
            signingKey = try load(privateKeyFile: privateKeyFile)
        } else {
            signingKey = try generate()
            try signingKey.writePrivateKey(to: privateKeyFile)
        }
        try signingKey.writeOrCheckPublicKey(publicKeyFile)
        return signingKey
    }

    /// Loads an Ed25519 private key from a PEM file.
    public static func load(privateKeyFile: URL) throws -> SigningKey {
        var pem: [UInt8]
        do {
            pem = Array(try Data(contentsOf: privateKeyFile))
        } catch {
            throw AuditError(
                operation: "read private key",
                reasons: [privateKeyFile.path, error.localizedDescription])
        }
        defer { OPENSSL_cleanse(&pem, pem.count) }
        let key = try PublicKeyEncoding.readPrivateKey(pem: pem, source: privateKeyFile.path)
        return try SigningKey(key: key)
    }

    /// Signs `message` with Ed25519 and returns the 64-byte signature.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        try lock.withLock { _ in
            guard let context = EVP_MD_CTX_new() else {
                throw AuditError.openSSL("sign message")
            }
            defer { EVP_MD_CTX_free(context) }
            // Ed25519 hashes internally, so the digest is NULL and only the
            // one-shot EVP_DigestSign is supported.
            guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else {
                throw AuditError.openSSL("sign message")
            }
            var signature = [UInt8](repeating: 0, count: 64)
            var length = signature.count
            guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1,
                length == 64
            else {
                throw AuditError.openSSL("sign message")
            }
            return signature
        }
    }

    /// Writes the private key PEM to a new file with mode 0600, failing if
    /// the file appeared in the meantime.
    private func writePrivateKey(to file: URL) throws {
        var pem = try PublicKeyEncoding.privateKeyPEM(key)
        defer { OPENSSL_cleanse(&pem, pem.count) }
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AuditError(
                operation: "create private key file", reasons: [file.path, errnoText()])
        }
        defer { close(descriptor) }
        // The umask may have cleared bits of 0600 but cannot add any; fchmod
        // makes the mode exact.
        guard fchmod(descriptor, 0o600) == 0 else {
            throw AuditError(
                operation: "set private key file mode", reasons: [file.path, errnoText()])
        }
        var offset = 0
        while offset < pem.count {
            let written = pem.withUnsafeBytes {
                write(descriptor, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 && errno == EINTR {
                continue
            }
            guard written > 0 else {
                throw AuditError(
                    operation: "write private key file", reasons: [file.path, errnoText()])
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else {
            throw AuditError(
                operation: "write private key file", reasons: [file.path, errnoText()])
        }
    }

    private func writeOrCheckPublicKey(_ file: URL) throws {
        if FileManager.default.fileExists(atPath: file.path) {
            let existing: String
            do {
                existing = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw AuditError(
                    operation: "read public key file", reasons: [file.path, error.localizedDescription])
            }
            let existingKey = try VerifyingKey(pem: existing, source: file.path)
            guard existingKey.keyID == keyID else {
                throw AuditError(
                    operation: "check public key file",
                    reasons: [
                        "\(file.path) contains key \(existingKey.keyID), but the private key is"
                            + " \(keyID); delete the public key file to have it written again"
                    ])
            }
            return
        }
        do {
            try Data(publicKeyPEM.utf8).write(to: file, options: .atomic)
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o644], ofItemAtPath: file.path)
        } catch {
            throw AuditError(
                operation: "write public key file", reasons: [file.path, error.localizedDescription])
        }
    }
}

func errnoText() -> String {
    String(cString: strerror(errno))
}
