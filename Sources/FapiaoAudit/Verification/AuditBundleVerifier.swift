public import Foundation

/// Offline verifier of export bundles written by `AuditBundleWriter`.
///
/// Checks, in this order and stopping at the first failure: the manifest;
/// the SHA-256 and size of every listed file; the public key and its key
/// id; then each digest in turn (sequence without gaps, tenant, recomputed
/// digest hash, key id, signature, chain to the previous digest or the
/// manifest's anchor, seal range following the previous digest) followed
/// by its entries (exactly first...last seal sequence in order, each
/// recomputed hash equal to its `entry_hash`, their entries hash equal to
/// the digest's); and finally the counts. Files are read as streams, so
/// memory use does not grow with the bundle's size.
public struct AuditBundleVerifier {
    /// Verifies the bundle in `directory`. Uses the bundle's
    /// `public_key.pem` unless `publicKeyPEM` is given, in which case the
    /// manifest's key id must also equal that key's id.
    public static func verify(directory: URL, publicKeyPEM: String? = nil)
        -> AuditVerificationReport
    {
        let verification = BundleVerification(directory: directory)
        do {
            try verification.run(publicKeyPEM: publicKeyPEM)
            return AuditVerificationReport(
                ok: true, failure: nil, digestsChecked: verification.digestsChecked,
                entriesChecked: verification.entriesChecked)
        } catch {
            return AuditVerificationReport(
                ok: false, failure: error.message, digestsChecked: verification.digestsChecked,
                entriesChecked: verification.entriesChecked)
        }
    }
}
