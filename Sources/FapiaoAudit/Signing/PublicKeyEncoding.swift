import CFapiaoShims
import COpenSSL

/// PEM and DER encodings of OpenSSL `EVP_PKEY` objects, and the key id
/// derived from the DER public key.
enum PublicKeyEncoding {
    /// Returns the PEM "PUBLIC KEY" (SubjectPublicKeyInfo) text of `key`.
    static func publicKeyPEM(_ key: OpaquePointer) throws -> String {
        let bytes = try writeToMemory("encode public key as PEM") {
            PEM_write_bio_PUBKEY($0, key)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Returns the unencrypted PKCS #8 PEM text of `key`'s private key.
    /// The caller must clear the returned bytes with `OPENSSL_cleanse` after use.
    static func privateKeyPEM(_ key: OpaquePointer) throws -> [UInt8] {
        // A secure-heap memory BIO clears its buffer when freed.
        try writeToMemory("encode private key as PEM", method: BIO_s_secmem()) {
            PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil)
        }
    }

    /// Returns the DER SubjectPublicKeyInfo of `key`.
    static func publicKeyDER(_ key: OpaquePointer) throws -> [UInt8] {
        let length = i2d_PUBKEY(key, nil)
        guard length > 0 else {
            throw AuditError.openSSL("encode public key as DER")
        }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(key, &cursor)
        }
        guard written == length else {
            throw AuditError.openSSL("encode public key as DER")
        }
        return der
    }

    /// Returns the key id: the first 16 hex digits of the SHA-256 of the
    /// DER SubjectPublicKeyInfo.
    static func keyID(_ key: OpaquePointer) throws -> String {
        String(Hex.encode(SHA256Hasher.hash(try publicKeyDER(key))).prefix(16))
    }

    /// Reads a PEM "PUBLIC KEY" and checks that it is an Ed25519 key.
    /// Returns an `EVP_PKEY` that the caller frees.
    static func readPublicKey(pem: String, source: String) throws -> OpaquePointer {
        let key = try withMemoryBIO(pem.utf8, operation: "read public key", source: source) { bio in
            PEM_read_bio_PUBKEY(bio, nil, nil, nil)
        }
        try requireEd25519(key, operation: "read public key", source: source)
        return key
    }

    /// Reads a PEM private key and checks that it is an Ed25519 key.
    /// Returns an `EVP_PKEY` that the caller frees.
    static func readPrivateKey(pem: [UInt8], source: String) throws -> OpaquePointer {
        let key = try withMemoryBIO(pem, operation: "read private key", source: source) { bio in
            PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        try requireEd25519(key, operation: "read private key", source: source)
        return key
    }

    private static func requireEd25519(
        _ key: OpaquePointer, operation: String, source: String
    ) throws {
        guard EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 else {
            EVP_PKEY_free(key)
            throw AuditError(
                operation: operation, reasons: ["\(source) is not an Ed25519 key"])
        }
    }

    private static func withMemoryBIO(
        _ bytes: some Collection<UInt8>, operation: String, source: String,
        _ read: (OpaquePointer) -> OpaquePointer?
    ) throws -> OpaquePointer {
        let buffer = Array(bytes)
        guard buffer.count <= Int32.max else {
            throw AuditError(operation: operation, reasons: ["\(source) is too large"])
        }
        let bio = buffer.withUnsafeBytes { BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
        guard let bio else {
            throw AuditError.openSSL(operation, detail: source)
        }
        defer { BIO_free(bio) }
        guard let key = read(bio) else {
            throw AuditError.openSSL(operation, detail: source)
        }
        return key
    }

    private static func writeToMemory(
        _ operation: String, method: OpaquePointer? = BIO_s_mem(),
        _ write: (OpaquePointer) -> Int32
    ) throws -> [UInt8] {
        guard let bio = BIO_new(method) else {
            throw AuditError.openSSL(operation)
        }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else {
            throw AuditError.openSSL(operation)
        }
        var data: UnsafeMutablePointer<CChar>?
        let length = fapiao_bio_get_mem_data(bio, &data)
        guard let data, length > 0 else {
            throw AuditError.openSSL(operation)
        }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }
}
