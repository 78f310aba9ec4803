import FapiaoWire
import Foundation

/// A client authority and client certificates made with the openssl
/// command line, in a temporary directory.
struct ClientCertificates: Sendable {
    let directory: URL
    var authority: URL { directory.appendingPathComponent("client-ca.pem") }

    init(names: [String] = ["alice", "mallory"]) throws {
        directory = URL(fileURLWithPath: "/tmp/fapiao-client-certs-\(UInt32.random(in: .min ... .max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "client-ca.key", "-out", "client-ca.pem", "-subj", "/CN=fapiao test client CA",
            "-days", "2", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try Data("extendedKeyUsage=clientAuth\n".utf8).write(
            to: directory.appendingPathComponent("client.ext"))
        for name in names {
            try run([
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)",
            ])
            try run([
                "x509", "-req", "-in", "\(name).csr", "-CA", "client-ca.pem", "-CAkey", "client-ca.key",
                "-CAcreateserial", "-out", "\(name).pem", "-days", "2", "-extfile", "client.ext",
            ])
        }
    }

    /// Certificate chain and key of `name`, for a client configuration.
    func pair(_ name: String) -> (chain: URL, key: URL) { (certificate(name), key(name)) }

    func certificate(_ name: String) -> URL { directory.appendingPathComponent("\(name).pem") }
    func key(_ name: String) -> URL { directory.appendingPathComponent("\(name).key") }

    /// SHA-256 fingerprint as `openssl x509 -fingerprint` prints it, colons removed.
    func fingerprint(_ name: String) throws -> String {
        let output = try run(["x509", "-in", "\(name).pem", "-noout", "-fingerprint", "-sha256"])
        let hex = output.split(separator: "=").last ?? ""
        return hex.replacingOccurrences(of: ":", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
            .lowercased()
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CallStatus(code: .internal, message: "openssl \(arguments.joined(separator: " ")) failed")
        }
        return String(decoding: data, as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

