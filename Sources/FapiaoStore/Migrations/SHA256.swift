import COpenSSL
import Foundation

/// SHA-256 digests computed with OpenSSL's EVP interface.
enum SHA256 {
    /// Returns the SHA-256 digest of `data` as 64 lowercase hexadecimal digits.
    static func hexDigest(of data: Data) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let succeeded = data.withUnsafeBytes { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        // EVP_Digest fails only when OpenSSL cannot allocate memory or lacks SHA-256
        // (for example a FIPS provider configuration without it), which is unrecoverable here.
        precondition(succeeded == 1, "OpenSSL EVP_Digest with SHA-256 failed")
        return digest.prefix(Int(length)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
