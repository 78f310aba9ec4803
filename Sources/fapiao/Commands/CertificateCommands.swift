import FapiaoAPI
import FapiaoClient

/// `fapiao certificates …`: TLS client certificates bound to principals of
/// the caller's tenant, by SHA-256 fingerprint.
enum CertificateCommands {
    static func run(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let action = arguments.positionals.count > 1 ? arguments.positionals[1] : ""
        switch action {
        case "bind": try bind(&arguments, context: context)
        case "list": try list(&arguments, context: context)
        case "unbind": try unbind(&arguments, context: context)
        default: throw UsageError("unknown command 'certificates \(action)': expected bind, list or unbind")
        }
    }

    /// Binds a certificate the caller holds: the call presents it, with its
    /// key, as the TLS client certificate, because the server accepts only a
    /// binding whose key the caller proves to have.
    static func bind(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let certificateFile = arguments.take("cert") ?? context.clientCertificate
        let keyFile = arguments.take("cert-key") ?? context.clientKey
        let operands = try arguments.operands("PRINCIPAL_ID", of: "certificates bind")
        try arguments.rejectUnknownOptions()
        guard let certificateFile, let keyFile else {
            throw UsageError("certificates bind needs --cert FILE and --cert-key FILE (PEM)")
        }
        let fingerprint = try CertificateFingerprint.sha256(ofPEMFile: certificateFile)
        let client = try context.connect(certificate: (certificateFile, keyFile))
        defer { client.close() }
        let certificate = try client.call(
            MethodNames.bindCertificate, BindCertificateRequest(principalID: operands[0], fingerprint: fingerprint),
            as: Certificate.self)
        try printCertificate(certificate, json: context.json)
    }

    static func list(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        _ = try arguments.operands(of: "certificates list")
        try arguments.rejectUnknownOptions()
        let client = try context.connect()
        defer { client.close() }
        let response = try client.call(
            MethodNames.listCertificates, ListCertificatesRequest(), as: ListCertificatesResponse.self)
        if context.json {
            try printJSON(response)
            return
        }
        let rows = response.certificates.map { [$0.fingerprint, $0.principalID, $0.createdAt] }
        print(TableFormatter.table(header: ["FINGERPRINT", "PRINCIPAL", "CREATED"], rows: rows))
    }

    static func unbind(_ arguments: inout CommandLineArguments, context: CLIContext) throws {
        let certificateFile = arguments.take("cert")
        let operands =
            certificateFile == nil
            ? try arguments.operands("FINGERPRINT", of: "certificates unbind")
            : try arguments.operands(of: "certificates unbind --cert FILE")
        try arguments.rejectUnknownOptions()
        let fingerprint = try certificateFile.map(CertificateFingerprint.sha256(ofPEMFile:)) ?? operands[0]
        let client = try context.connect()
        defer { client.close() }
        let certificate = try client.call(
            MethodNames.unbindCertificate, UnbindCertificateRequest(fingerprint: fingerprint), as: Certificate.self)
        try printCertificate(certificate, json: context.json)
    }

    static func printCertificate(_ certificate: Certificate, json: Bool) throws {
        if json {
            try printJSON(certificate)
            return
        }
        print(
            TableFormatter.fields([
                ("fingerprint", certificate.fingerprint),
                ("principal", certificate.principalID),
                ("created at", certificate.createdAt),
            ]))
    }
}
