import Foundation

/// SHA-256 fingerprints of PEM certificate files, computed by the `openssl`
/// command found on PATH.
enum CertificateFingerprint {
    /// Returns the SHA-256 of the DER form of the first certificate in
    /// `path`, as 64 lower-case hex digits.
    ///
    /// - Throws: `UsageError` when the file cannot be read, openssl cannot
    ///   run, or its output contains no SHA-256 fingerprint.
    static func sha256(ofPEMFile path: String) throws -> String {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw UsageError("cannot read the certificate file '\(path)'")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "x509", "-in", path, "-noout", "-fingerprint", "-sha256"]
        // Both streams go to one pipe, read to its end before waiting, so the
        // child cannot block on a full pipe whatever it prints.
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw UsageError("failed to run openssl for '\(path)': \(error); pass the FINGERPRINT instead of --cert")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw UsageError(
                "openssl failed to read the certificate '\(path)' (exit status \(process.terminationStatus)): \(reason)")
        }
        guard let fingerprint = parse(text) else {
            throw UsageError("openssl printed no SHA-256 fingerprint for '\(path)': \(text)")
        }
        return fingerprint
    }

    /// Parses the `sha256 Fingerprint=AB:CD:…` line that OpenSSL 3.0 prints,
    /// matching the label in any case.
    static func parse(_ output: String) -> String? {
        let line = output.split(whereSeparator: \.isNewline).first { $0.lowercased().hasPrefix("sha256 fingerprint=") }
        guard let line, let equals = line.firstIndex(of: "=") else { return nil }
        let hex = line[line.index(after: equals)...]
            .trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: ":", with: "")
            .lowercased()
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { return nil }
        return hex
    }
}
