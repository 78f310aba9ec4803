import CFapiaoShims
import COpenSSL
public import FapiaoLogging
public import Foundation
import Glibc

/// Development certificate authority and a server certificate that it signs,
/// for running the server on a workstation without a real PKI.
///
/// Files in the directory: `dev-ca.pem` and `dev-ca.key` (the authority,
/// EC P-256, valid 10 years), `server.pem` (server certificate followed by
/// the authority certificate) and `server.key` (EC P-256, valid 825 days,
/// for localhost, 127.0.0.1 and ::1). Key files have mode 0600 and
/// certificates mode 0644.
public enum DevelopmentCertificates {
    public static let authorityCertificateFile = "dev-ca.pem"
    public static let authorityKeyFile = "dev-ca.key"
    public static let serverCertificateFile = "server.pem"
    public static let serverKeyFile = "server.key"

    static let authorityValidityDays = 3650
    /// 825 days is the longest validity that Apple platforms accept for TLS
    /// server certificates issued since 2019.
    static let serverValidityDays = 825

    /// Returns the server certificate chain, server key and authority
    /// certificate in `directory`, creating any that are missing.
    ///
    /// Existing files are reused unchanged. When the authority exists but the
    /// server files do not, a new server certificate is signed by the
    /// existing authority, so clients that trust it keep working. When the
    /// authority is missing, a new authority and server certificate replace
    /// any server files. The directory is created if needed.
    ///
    /// - Throws: `TLSError` when OpenSSL fails to generate, sign, read or
    ///   encode a key or certificate, or an error naming the file that could
    ///   not be created or written.
    public static func ensure(
        in directory: URL, logger: Logger
    ) throws -> (certificateChain: URL, privateKey: URL, authority: URL) {
        let authorityCertificate = directory.appendingPathComponent(authorityCertificateFile)
        let authorityKey = directory.appendingPathComponent(authorityKeyFile)
        let serverCertificate = directory.appendingPathComponent(serverCertificateFile)
        let serverKey = directory.appendingPathComponent(serverKeyFile)
        let result = (
            certificateChain: serverCertificate, privateKey: serverKey,
            authority: authorityCertificate
        )

        let fileManager = FileManager.default
        let authorityExists =
            fileManager.fileExists(atPath: authorityCertificate.path)
            && fileManager.fileExists(atPath: authorityKey.path)
        let serverExists =
            fileManager.fileExists(atPath: serverCertificate.path)
            && fileManager.fileExists(atPath: serverKey.path)
        if authorityExists && serverExists {
            return result
        }
        try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)

        ERR_clear_error()
        let authority: CertificateAndKey
        if authorityExists {
            authority = try CertificateAndKey.read(
                certificate: authorityCertificate, key: authorityKey)
        } else {
            authority = try makeAuthority()
            try writeFile(authority.certificatePEM(), to: authorityCertificate, mode: 0o644)
            try writeFile(authority.privateKeyPEM(), to: authorityKey, mode: 0o600)
            logger.info(
                "development_authority_created",
                [
                    "certificate": .string(authorityCertificate.path),
                    "key": .string(authorityKey.path),
                ])
        }

        let server = try makeServerCertificate(signedBy: authority)
        try writeFile(
            server.certificatePEM() + authority.certificatePEM(), to: serverCertificate, mode: 0o644
        )
        try writeFile(server.privateKeyPEM(), to: serverKey, mode: 0o600)
        logger.info(
            "development_server_certificate_created",
            [
                "certificate_chain": .string(serverCertificate.path),
                "key": .string(serverKey.path),
                "authority": .string(authorityCertificate.path),
            ])
        return result
    }

    private static func makeAuthority() throws -> CertificateAndKey {
        let key = try CertificateAndKey.generateKey()
        let certificate = try CertificateAndKey.makeCertificate(
            commonName: "fapiao development CA", publicKey: key, issuer: nil, issuerKey: key,
            days: authorityValidityDays,
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE"),
                (NID_key_usage, "critical,keyCertSign,cRLSign"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ])
        return CertificateAndKey(certificate: certificate, key: key)
    }

    private static func makeServerCertificate(
        signedBy authority: CertificateAndKey
    ) throws -> CertificateAndKey {
        let key = try CertificateAndKey.generateKey()
        let certificate = try CertificateAndKey.makeCertificate(
            commonName: "localhost", publicKey: key, issuer: authority.certificate,
            issuerKey: authority.key, days: serverValidityDays,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth"),
                (NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid:always"),
            ])
        return CertificateAndKey(certificate: certificate, key: key)
    }

    /// Writes `contents` to a temporary file created with `mode` and renames
    /// it over `url`, so that a key is never readable by others, not even
    /// briefly, and readers never see a partial file.
    private static func writeFile(_ contents: [UInt8], to url: URL, mode: mode_t) throws {
        let temporaryPath = url.path + ".tmp-\(getpid())"
        _ = unlink(temporaryPath)
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw FileWriteError(operation: "create", path: temporaryPath, code: errno)
        }

        var failure: FileWriteError?
        // The umask may have cleared bits of `mode`.
        if fchmod(descriptor, mode) != 0 {
            failure = FileWriteError(operation: "chmod", path: temporaryPath, code: errno)
        }

        var offset = 0
        while failure == nil && offset < contents.count {
            let written = contents.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR {
                    continue
                }
                failure = FileWriteError(operation: "write", path: temporaryPath, code: errno)
            } else {
                offset += written
            }
        }

        if failure == nil && fsync(descriptor) != 0 {
            failure = FileWriteError(operation: "fsync", path: temporaryPath, code: errno)
        }
        Glibc.close(descriptor)

        if failure == nil && rename(temporaryPath, url.path) != 0 {
            failure = FileWriteError(
                operation: "rename to \(url.path)", path: temporaryPath, code: errno)
        }
        if let failure {
            _ = unlink(temporaryPath)
            throw failure
        }
    }
}

/// Failed file operation while writing development certificates.
struct FileWriteError: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let code: Int32

    var description: String {
        "\(operation) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
