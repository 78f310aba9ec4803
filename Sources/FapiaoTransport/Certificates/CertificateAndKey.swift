import CFapiaoShims
import COpenSSL
import Foundation

/// X509 certificate and EVP_PKEY owned together, freed on deinit.
///
/// Not shared between threads: used only while creating development
/// certificates.
final class CertificateAndKey {
    let certificate: OpaquePointer
    let key: OpaquePointer

    init(certificate: OpaquePointer, key: OpaquePointer) {
        self.certificate = certificate
        self.key = key
    }

    deinit {
        X509_free(certificate)
        EVP_PKEY_free(key)
    }

    /// Reads a PEM certificate and PEM private key.
    static func read(certificate certificateURL: URL, key keyURL: URL) throws -> CertificateAndKey {
        guard let certificateBIO = BIO_new_file(certificateURL.path, "r") else {
            throw TLSError.fromErrorQueue("open certificate", detail: certificateURL.path)
        }
        defer { BIO_free(certificateBIO) }
        guard let certificate = PEM_read_bio_X509(certificateBIO, nil, nil, nil) else {
            throw TLSError.fromErrorQueue("read certificate", detail: certificateURL.path)
        }
        guard let keyBIO = BIO_new_file(keyURL.path, "r") else {
            X509_free(certificate)
            throw TLSError.fromErrorQueue("open private key", detail: keyURL.path)
        }
        defer { BIO_free(keyBIO) }
        guard let key = PEM_read_bio_PrivateKey(keyBIO, nil, nil, nil) else {
            X509_free(certificate)
            throw TLSError.fromErrorQueue("read private key", detail: keyURL.path)
        }
        return CertificateAndKey(certificate: certificate, key: key)
    }

    static func generateKey() throws -> OpaquePointer {
        guard let key = fapiao_evp_ec_gen_p256() else {
            throw TLSError.fromErrorQueue("generate EC P-256 key")
        }
        return key
    }

    /// Creates and signs an X.509 v3 certificate. With a nil `issuer` the
    /// certificate is self-signed. Extensions use OpenSSL configuration
    /// syntax, for example `(NID_basic_constraints, "critical,CA:TRUE")`.
    /// The certificate is valid from 5 minutes ago, to tolerate clock skew
    /// between machines, for `days` days.
    static func makeCertificate(
        commonName: String, publicKey: OpaquePointer, issuer: OpaquePointer?,
        issuerKey: OpaquePointer,
        days: Int, extensions: [(Int32, String)]
    ) throws -> OpaquePointer {
        guard let certificate = X509_new() else {
            throw TLSError.fromErrorQueue("create certificate")
        }
        do {
            try fill(
                certificate, commonName: commonName, publicKey: publicKey, issuer: issuer,
                days: days,
                extensions: extensions)
            guard X509_sign(certificate, issuerKey, EVP_sha256()) > 0 else {
                throw TLSError.fromErrorQueue("sign certificate", detail: commonName)
            }
        } catch {
            X509_free(certificate)
            throw error
        }
        return certificate
    }

    private static func fill(
        _ certificate: OpaquePointer, commonName: String, publicKey: OpaquePointer,
        issuer: OpaquePointer?,
        days: Int, extensions: [(Int32, String)]
    ) throws {
        // Version field value 2 means X.509 v3.
        guard X509_set_version(certificate, 2) == 1 else {
            throw TLSError.fromErrorQueue("set certificate version")
        }
        try setRandomSerialNumber(certificate)
        guard X509_gmtime_adj(X509_getm_notBefore(certificate), -300) != nil,
            X509_time_adj_ex(X509_getm_notAfter(certificate), Int32(days), 0, nil) != nil
        else {
            throw TLSError.fromErrorQueue("set certificate validity")
        }
        guard X509_set_pubkey(certificate, publicKey) == 1 else {
            throw TLSError.fromErrorQueue("set certificate public key")
        }
        let subject = X509_get_subject_name(certificate)
        guard
            X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, "fapiao development", -1, -1, 0)
                == 1,
            X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1
        else {
            throw TLSError.fromErrorQueue("set certificate subject", detail: commonName)
        }
        let issuerName = issuer.map { X509_get_subject_name($0) } ?? subject
        guard X509_set_issuer_name(certificate, issuerName) == 1 else {
            throw TLSError.fromErrorQueue("set certificate issuer")
        }
        for (nid, value) in extensions {
            guard fapiao_x509_add_extension(certificate, issuer ?? certificate, nid, value) == 1
            else {
                throw TLSError.fromErrorQueue("add certificate extension", detail: value)
            }
        }
    }

    /// Sets a random positive 127-bit serial number, as RFC 5280 allows at most 20 octets.
    private static func setRandomSerialNumber(_ certificate: OpaquePointer) throws {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard RAND_bytes(&bytes, Int32(bytes.count)) == 1 else {
            throw TLSError.fromErrorQueue("generate serial number")
        }
        bytes[0] &= 0x7f
        guard let number = BN_bin2bn(bytes, Int32(bytes.count), nil) else {
            throw TLSError.fromErrorQueue("generate serial number")
        }
        defer { BN_free(number) }
        guard BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil else {
            throw TLSError.fromErrorQueue("set serial number")
        }
    }

    func certificatePEM() throws -> [UInt8] {
        try CertificateAndKey.encodePEM("encode certificate") {
            PEM_write_bio_X509($0, certificate)
        }
    }

    func privateKeyPEM() throws -> [UInt8] {
        try CertificateAndKey.encodePEM("encode private key") {
            PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil)
        }
    }

    private static func encodePEM(
        _ operation: String, _ write: (OpaquePointer) -> Int32
    ) throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw TLSError.fromErrorQueue(operation)
        }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else {
            throw TLSError.fromErrorQueue(operation)
        }
        var data: UnsafeMutablePointer<CChar>?
        let length = fapiao_bio_get_mem_data(bio, &data)
        guard let data, length > 0 else {
            throw TLSError.fromErrorQueue(operation)
        }
        return Array(UnsafeRawBufferPointer(start: data, count: length))
    }
}
