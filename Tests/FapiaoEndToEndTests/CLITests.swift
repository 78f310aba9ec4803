import Foundation
import Testing

/// The `fapiao` executable run as a child process against a real server.
@Suite("fapiao command-line client")
struct CLITests {
    /// A tenant created through the CLI, with its administrator's key in a file.
    struct CreatedTenant {
        let id: String
        let name: String
        let adminPrincipalID: String
        let admin: CLIRunner
    }

    let server = SharedServer.instance

    var platformOperator: CLIRunner { CLIRunner.platformOperator(on: server) }

    /// Creates a directory for key files, readable only by this user.
    func makeScratchDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fapiao-cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return directory
    }

    /// Creates a tenant with `tenants create --key-out` and returns it with a
    /// runner that uses its administrator's key.
    func createTenant(_ name: String, in directory: URL) throws -> CreatedTenant {
        let keyFile = directory.appendingPathComponent("admin-\(UUID().uuidString).key").path
        let result = try platformOperator.run("tenants", "create", name, "--key-out", keyFile, "--json")
        try #require(result.status == 0, "tenants create failed: \(result.standardError)")
        let reply = try result.jsonObject()
        let tenant = try #require(reply["tenant"] as? [String: Any])
        return CreatedTenant(
            id: try #require(tenant["id"] as? String),
            name: name,
            adminPrincipalID: try #require(reply["adminPrincipalId"] as? String),
            admin: CLIRunner(server: server, keyFile: keyFile))
    }

    /// Creates a principal with `principals create --json` and returns its id.
    func createPrincipal(_ name: String, roles: [String] = [], as runner: CLIRunner) throws -> String {
        var arguments = ["principals", "create", name, "--kind", "service", "--json"]
        for role in roles { arguments += ["--role", role] }
        let result = try runner.run(arguments)
        try #require(result.status == 0, "principals create failed: \(result.standardError)")
        return try #require(try result.jsonObject()["id"] as? String)
    }

    static func posixPermissions(of path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    static func randomFingerprint() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    // MARK: - Tenants

    @Test("tenants create writes the key file")
    func tenantsCreateKeyOut() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("admin.key").path
        let name = "命令行租户 \(UUID().uuidString.prefix(8))"

        let result = try platformOperator.run(
            "tenants", "create", name, "--admin-name", "ops", "--key-out", keyFile, "--json")
        #expect(result.status == 0, "\(result.standardError)")
        let reply = try result.jsonObject()
        let tenant = try #require(reply["tenant"] as? [String: Any])
        let tenantID = try #require(tenant["id"] as? String)
        #expect(UUID(uuidString: tenantID) != nil)
        #expect(tenant["name"] as? String == name)
        let adminID = try #require(reply["adminPrincipalId"] as? String)
        #expect(UUID(uuidString: adminID) != nil)
        #expect(reply["apiKey"] == nil, "the key written to --key-out is also in the output")

        #expect(try CLITests.posixPermissions(of: keyFile) == 0o600)
        let key = try String(contentsOfFile: keyFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!key.isEmpty)
        #expect(!result.standardOutput.contains(key))

        // The key in the file belongs to the administrator named by --admin-name.
        let principals = try CLIRunner(server: server, keyFile: keyFile).run("principals", "list", "--json")
        #expect(principals.status == 0, "\(principals.standardError)")
        let list = try #require(try principals.jsonObject()["principals"] as? [[String: Any]])
        let admin = list.first { $0["id"] as? String == adminID }
        #expect(admin?["name"] as? String == "ops")
        #expect(admin?["tenantId"] as? String == tenantID)
    }

    @Test("tenants create prints the key once")
    func tenantsCreatePrintsKey() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        let result = try platformOperator.run("tenants", "create", "打印密钥租户", "--json")
        #expect(result.status == 0, "\(result.standardError)")
        let key = try #require(try result.jsonObject()["apiKey"] as? String)
        #expect(!key.isEmpty)

        let keyFile = directory.appendingPathComponent("printed.key")
        try Data((key + "\n").utf8).write(to: keyFile)
        let call = try CLIRunner(server: server, keyFile: keyFile.path).run("roles", "permissions")
        #expect(call.status == 0, "\(call.standardError)")
    }

    @Test("tenants list and show")
    func tenantsListAndShow() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("列表租户 \(UUID().uuidString.prefix(8))", in: directory)

        let list = try platformOperator.run("tenants", "list", "--json")
        #expect(list.status == 0, "\(list.standardError)")
        let tenants = try #require(try list.jsonObject()["tenants"] as? [[String: Any]])
        let listed = tenants.first { $0["id"] as? String == tenant.id }
        #expect(listed?["name"] as? String == tenant.name)

        let table = try platformOperator.run("tenants", "list")
        #expect(table.status == 0, "\(table.standardError)")
        let row = table.standardOutput.split(separator: "\n").first { $0.contains(tenant.id) }
        #expect(row?.contains(tenant.name) == true)

        let show = try platformOperator.run("tenants", "show", tenant.id, "--json")
        #expect(show.status == 0, "\(show.standardError)")
        let shown = try show.jsonObject()
        #expect(shown["id"] as? String == tenant.id)
        #expect(shown["name"] as? String == tenant.name)
        #expect(shown["status"] as? String == "TENANT_STATUS_ACTIVE")
        #expect(!(shown["createdAt"] as? String ?? "").isEmpty)
        let settings = shown["settings"] as? [String: Any]
        #expect((settings?["rateLimitPerSecond"] as? Int ?? 0) > 0)

        let text = try platformOperator.run("tenants", "show", tenant.id)
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains(tenant.id))
        #expect(text.standardOutput.contains(tenant.name))
    }

    @Test("tenants suspend and resume")
    func tenantsSuspendResume() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("暂停租户", in: directory)

        let suspend = try platformOperator.run("tenants", "suspend", tenant.id, "--json")
        #expect(suspend.status == 0, "\(suspend.standardError)")
        #expect(try suspend.jsonObject()["status"] as? String == "TENANT_STATUS_SUSPENDED")

        let whileSuspended = try tenant.admin.run("principals", "list")
        #expect(whileSuspended.status == 1)
        #expect(whileSuspended.standardError.contains("FAILED_PRECONDITION"))

        let resume = try platformOperator.run("tenants", "resume", tenant.id, "--json")
        #expect(resume.status == 0, "\(resume.standardError)")
        #expect(try resume.jsonObject()["status"] as? String == "TENANT_STATUS_ACTIVE")

        let afterResume = try tenant.admin.run("principals", "list")
        #expect(afterResume.status == 0, "\(afterResume.standardError)")
    }

    @Test("tenants settings update and show")
    func tenantsSettings() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("设置租户", in: directory)

        let update = try platformOperator.run(
            "tenants", "settings", tenant.id, "--rate-limit", "40", "--burst", "90", "--max-concurrent", "6",
            "--json")
        #expect(update.status == 0, "\(update.standardError)")
        let updated = try update.jsonObject()["settings"] as? [String: Any]
        #expect(updated?["rateLimitPerSecond"] as? Int == 40)
        #expect(updated?["rateLimitBurst"] as? Int == 90)
        #expect(updated?["maxConcurrentCalls"] as? Int == 6)

        // One option changes one field; the others keep their values.
        let partial = try platformOperator.run("tenants", "settings", tenant.id, "--burst", "120", "--json")
        #expect(partial.status == 0, "\(partial.standardError)")
        let partialSettings = try partial.jsonObject()["settings"] as? [String: Any]
        #expect(partialSettings?["rateLimitBurst"] as? Int == 120)
        #expect(partialSettings?["rateLimitPerSecond"] as? Int == 40)

        let show = try platformOperator.run("tenants", "settings", tenant.id, "--json")
        #expect(show.status == 0, "\(show.standardError)")
        let shown = try show.jsonObject()["settings"] as? [String: Any]
        #expect(shown?["rateLimitPerSecond"] as? Int == 40)
        #expect(shown?["rateLimitBurst"] as? Int == 120)
        #expect(shown?["maxConcurrentCalls"] as? Int == 6)

        let text = try platformOperator.run("tenants", "settings", tenant.id)
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.contains("120"))

        for invalid in ["0", "-1", "abc", "4294967296"] {
            let rejected = try platformOperator.run("tenants", "settings", tenant.id, "--rate-limit", invalid)
            #expect(rejected.status == 2, "--rate-limit \(invalid)")
        }
    }

    // MARK: - Principals

    @Test("principals create with two roles")
    func principalsCreateWithRoles() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("主体租户", in: directory)
        let name = "发票机器人"

        let create = try tenant.admin.run(
            "principals", "create", name, "--kind", "service", "--role", "issuer", "--role", "auditor", "--json")
        #expect(create.status == 0, "\(create.standardError)")
        let created = try create.jsonObject()
        let id = try #require(created["id"] as? String)
        #expect(created["name"] as? String == name)
        #expect(created["kind"] as? String == "PRINCIPAL_KIND_SERVICE")
        #expect(Set(created["roles"] as? [String] ?? []) == ["issuer", "auditor"])

        let list = try tenant.admin.run("principals", "list", "--json")
        #expect(list.status == 0, "\(list.standardError)")
        let principals = try #require(try list.jsonObject()["principals"] as? [[String: Any]])
        let listed = principals.first { $0["id"] as? String == id }
        #expect(Set(listed?["roles"] as? [String] ?? []) == ["issuer", "auditor"])

        let table = try tenant.admin.run("principals", "list")
        #expect(table.status == 0, "\(table.standardError)")
        let row = table.standardOutput.split(separator: "\n").first { $0.contains(id) }
        #expect(row?.contains(name) == true)
        #expect(row?.contains("issuer") == true)
        #expect(row?.contains("auditor") == true)

        let unknownKind = try tenant.admin.run("principals", "create", "robot", "--kind", "robot")
        #expect(unknownKind.status == 2)
    }

    @Test("principals disable and enable")
    func principalsDisableEnable() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("停用租户", in: directory)
        let id = try createPrincipal("viewer-bot", roles: ["viewer"], as: tenant.admin)

        let disable = try tenant.admin.run("principals", "disable", id, "--json")
        #expect(disable.status == 0, "\(disable.standardError)")
        #expect(try disable.jsonObject()["disabled"] as? Bool == true)

        let list = try tenant.admin.run("principals", "list", "--json")
        let principals = try #require(try list.jsonObject()["principals"] as? [[String: Any]])
        #expect(principals.first { $0["id"] as? String == id }?["disabled"] as? Bool == true)

        let enable = try tenant.admin.run("principals", "enable", id, "--json")
        #expect(enable.status == 0, "\(enable.standardError)")
        // proto3 JSON leaves out a false bool.
        #expect(try enable.jsonObject()["disabled"] as? Bool ?? false == false)

        // The last enabled tenant administrator cannot be disabled.
        let lastAdmin = try tenant.admin.run("principals", "disable", tenant.adminPrincipalID)
        #expect(lastAdmin.status == 1)
        #expect(lastAdmin.standardError.contains("FAILED_PRECONDITION"))
    }

    // MARK: - API keys

    @Test("keys create, list and revoke")
    func keysLifecycle() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("密钥租户", in: directory)
        let principalID = try createPrincipal("key-bot", roles: ["tenant_admin"], as: tenant.admin)
        let keyFile = directory.appendingPathComponent("bot.key").path

        let create = try tenant.admin.run("keys", "create", principalID, "--key-out", keyFile, "--json")
        #expect(create.status == 0, "\(create.standardError)")
        let reply = try create.jsonObject()
        #expect(reply["apiKey"] == nil, "the key written to --key-out is also in the output")
        let key = try #require(reply["key"] as? [String: Any])
        let keyID = try #require(key["keyId"] as? String)
        #expect(keyID.count == 16)
        #expect(keyID.allSatisfy { $0.isHexDigit })
        #expect(key["principalId"] as? String == principalID)
        #expect(key["expiresAt"] == nil)

        #expect(try CLITests.posixPermissions(of: keyFile) == 0o600)
        let secret = try String(contentsOfFile: keyFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.contains(keyID))

        let bot = CLIRunner(server: server, keyFile: keyFile)
        let withKey = try bot.run("principals", "list")
        #expect(withKey.status == 0, "\(withKey.standardError)")

        let list = try tenant.admin.run("keys", "list", "--json")
        #expect(list.status == 0, "\(list.standardError)")
        let keys = try #require(try list.jsonObject()["keys"] as? [[String: Any]])
        #expect(keys.contains { $0["keyId"] as? String == keyID })
        #expect(!list.standardOutput.contains(secret))

        let table = try tenant.admin.run("keys", "list", "--principal", principalID)
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains(keyID))
        #expect(!table.standardOutput.contains(secret))
        // The header and one row, because the administrator's key belongs to
        // another principal.
        #expect(table.standardOutput.split(separator: "\n").count == 2)

        let revoke = try tenant.admin.run("keys", "revoke", keyID, "--json")
        #expect(revoke.status == 0, "\(revoke.standardError)")
        #expect(!(try revoke.jsonObject()["revokedAt"] as? String ?? "").isEmpty)

        let revoked = try bot.run("principals", "list")
        #expect(revoked.status == 1)
        #expect(revoked.standardError.contains("UNAUTHENTICATED"))
    }

    @Test("keys create prints key and expiry")
    func keysCreatePrinted() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("到期租户", in: directory)
        let principalID = try createPrincipal("expiring-bot", roles: ["viewer"], as: tenant.admin)

        let create = try tenant.admin.run(
            "keys", "create", principalID, "--expires", "2099-01-31T00:00:00Z", "--json")
        #expect(create.status == 0, "\(create.standardError)")
        let reply = try create.jsonObject()
        let secret = try #require(reply["apiKey"] as? String)
        #expect(!secret.isEmpty)
        let key = reply["key"] as? [String: Any]
        #expect((key?["expiresAt"] as? String)?.hasPrefix("2099-01-31") == true)

        let list = try tenant.admin.run("keys", "list", "--principal", principalID, "--json")
        #expect(list.status == 0, "\(list.standardError)")
        #expect(!list.standardOutput.contains(secret))

        let malformed = try tenant.admin.run("keys", "create", principalID, "--expires", "tomorrow")
        #expect(malformed.status == 1)
        #expect(malformed.standardError.contains("INVALID_ARGUMENT"))
    }

    // MARK: - Roles

    @Test("roles create, grant and revoke")
    func rolesLifecycle() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("角色租户", in: directory)

        let catalogue = try tenant.admin.run("roles", "permissions", "--json")
        #expect(catalogue.status == 0, "\(catalogue.standardError)")
        let permissions = try #require(try catalogue.jsonObject()["permissions"] as? [String])
        try #require(permissions.count >= 2)
        let chosen = Array(permissions.prefix(2))

        let text = try tenant.admin.run("roles", "permissions")
        #expect(text.status == 0, "\(text.standardError)")
        #expect(text.standardOutput.split(separator: "\n").map(String.init) == permissions)

        let create = try tenant.admin.run(
            "roles", "create", "night_shift", "--permission", chosen[0], "--permission", chosen[1], "--json")
        #expect(create.status == 0, "\(create.standardError)")
        let role = try create.jsonObject()
        #expect(role["name"] as? String == "night_shift")
        #expect(Set(role["permissions"] as? [String] ?? []) == Set(chosen))
        #expect(role["builtIn"] as? Bool ?? false == false)

        let list = try tenant.admin.run("roles", "list", "--json")
        #expect(list.status == 0, "\(list.standardError)")
        let roles = try #require(try list.jsonObject()["roles"] as? [[String: Any]])
        let custom = roles.first { $0["name"] as? String == "night_shift" }
        #expect(Set(custom?["permissions"] as? [String] ?? []) == Set(chosen))
        #expect(roles.contains { $0["builtIn"] as? Bool == true })

        let table = try tenant.admin.run("roles", "list")
        #expect(table.status == 0, "\(table.standardError)")
        #expect(table.standardOutput.contains("night_shift"))

        let principalID = try createPrincipal("shift-bot", as: tenant.admin)
        let grant = try tenant.admin.run("roles", "grant", principalID, "night_shift", "--json")
        #expect(grant.status == 0, "\(grant.standardError)")
        #expect((try grant.jsonObject()["roles"] as? [String] ?? []).contains("night_shift"))

        let revoke = try tenant.admin.run("roles", "revoke", principalID, "night_shift", "--json")
        #expect(revoke.status == 0, "\(revoke.standardError)")
        #expect(!(try revoke.jsonObject()["roles"] as? [String] ?? []).contains("night_shift"))

        let noPermission = try tenant.admin.run("roles", "create", "empty_role")
        #expect(noPermission.status == 2)

        let missingRole = try tenant.admin.run("roles", "grant", principalID, "no_such_role")
        #expect(missingRole.status == 1)
        #expect(missingRole.standardError.contains("NOT_FOUND"))
    }

    // MARK: - Certificates

    @Test("certificates bind, list and unbind")
    func certificatesLifecycle() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("证书租户", in: directory)
        let principalID = try createPrincipal("mtls-bot", roles: ["issuer"], as: tenant.admin)
        let pair = SharedServer.certificates.pair("bob")
        let fingerprint = try SharedServer.certificates.fingerprint("bob")
        #expect(fingerprint.count == 64)

        let bind = try tenant.admin.run(
            "certificates", "bind", principalID, "--cert", pair.chain.path, "--cert-key", pair.key.path, "--json")
        #expect(bind.status == 0, "\(bind.standardError)")
        let bound = try bind.jsonObject()
        #expect(bound["fingerprint"] as? String == fingerprint)
        #expect(bound["principalId"] as? String == principalID)

        let list = try tenant.admin.run("certificates", "list", "--json")
        #expect(list.status == 0, "\(list.standardError)")
        let certificates = try #require(try list.jsonObject()["certificates"] as? [[String: Any]])
        let listed = certificates.first { $0["fingerprint"] as? String == fingerprint }
        #expect(listed?["principalId"] as? String == principalID)

        let table = try tenant.admin.run("certificates", "list")
        #expect(table.status == 0, "\(table.standardError)")
        let row = table.standardOutput.split(separator: "\n").first { $0.contains(fingerprint) }
        #expect(row?.contains(principalID) == true)

        let again = try tenant.admin.run(
            "certificates", "bind", principalID, "--cert", pair.chain.path, "--cert-key", pair.key.path)
        #expect(again.status == 1)
        #expect(again.standardError.contains("ALREADY_EXISTS"))

        // Upper case with ':' separators, as openssl prints it, names the same certificate.
        var pairs: [String] = []
        var rest = Substring(fingerprint.uppercased())
        while !rest.isEmpty {
            pairs.append(String(rest.prefix(2)))
            rest = rest.dropFirst(2)
        }
        let unbind = try tenant.admin.run("certificates", "unbind", pairs.joined(separator: ":"), "--json")
        #expect(unbind.status == 0, "\(unbind.standardError)")
        #expect(try unbind.jsonObject()["fingerprint"] as? String == fingerprint)

        let after = try tenant.admin.run("certificates", "list", "--json")
        let remaining = try after.jsonObject()["certificates"] as? [[String: Any]] ?? []
        #expect(!remaining.contains { $0["fingerprint"] as? String == fingerprint })

        let withoutKey = try tenant.admin.run("certificates", "bind", principalID, "--cert", pair.chain.path)
        #expect(withoutKey.status == 2)

        let missing = try tenant.admin.run("certificates", "unbind", CLITests.randomFingerprint())
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("NOT_FOUND"))
    }

    @Test("certificates unbind by PEM file")
    func certificatesUnbindByFile() throws {
        let directory = try makeScratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tenant = try createTenant("证书文件租户", in: directory)
        let principalID = try createPrincipal("pem-bot", roles: ["issuer"], as: tenant.admin)
        let pair = SharedServer.certificates.pair("carol")
        let expected = try CLITests.sha256OfPEMCertificate(pair.chain, scratch: directory)

        let bind = try tenant.admin.run(
            "certificates", "bind", principalID, "--cert", pair.chain.path, "--cert-key", pair.key.path, "--json")
        #expect(bind.status == 0, "\(bind.standardError)")
        #expect(try bind.jsonObject()["fingerprint"] as? String == expected)

        let unbind = try tenant.admin.run("certificates", "unbind", "--cert", pair.chain.path, "--json")
        #expect(unbind.status == 0, "\(unbind.standardError)")
        #expect(try unbind.jsonObject()["fingerprint"] as? String == expected)
    }

    /// Computes the SHA-256 fingerprint of a PEM certificate without openssl,
    /// so that the test checks how the CLI reads openssl's output. The PEM
    /// body is decoded to DER here and hashed by sha256sum.
    static func sha256OfPEMCertificate(_ url: URL, scratch: URL) throws -> String {
        let pem = try String(contentsOf: url, encoding: .utf8)
        let lines = pem.split(whereSeparator: \.isNewline).map(String.init)
        let begin = try #require(lines.firstIndex(of: "-----BEGIN CERTIFICATE-----"))
        let end = try #require(lines[begin...].firstIndex(of: "-----END CERTIFICATE-----"))
        let der = try #require(Data(base64Encoded: lines[(begin + 1)..<end].joined()))
        let derFile = scratch.appendingPathComponent("certificate.der")
        try der.write(to: derFile)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", derFile.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return String(text.prefix(64))
    }

    // MARK: - Errors and usage

    @Test("unknown command exits 2")
    func unknownCommand() throws {
        for arguments in [["frobnicate"], ["tenants", "frobnicate"], ["keys"], ["roles", "delete", "x"]] {
            let result = try platformOperator.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(!result.standardError.isEmpty, "\(arguments)")
        }
    }

    @Test("wrong argument count exits 2")
    func wrongArgumentCount() throws {
        for arguments in [
            ["tenants", "show"], ["tenants", "show", "a", "b"], ["principals", "disable"],
            ["roles", "grant", "only-one"], ["certificates", "bind", "only-one"], ["tenants", "list", "extra"],
        ] {
            let result = try platformOperator.run(arguments)
            #expect(result.status == 2, "\(arguments)")
        }
        let unknownOption = try platformOperator.run("tenants", "list", "--colour", "red")
        #expect(unknownOption.status == 2)
    }

    @Test("last option without value exits 2")
    func lastOptionWithoutValue() throws {
        // An unknown option at the end is reported as unknown, a known one as
        // missing its value, before anything is sent.
        for (arguments, message) in [
            (["health", "--bogus"], "unknown option --bogus"),
            (["invoices", "list", "--bogus"], "unknown option --bogus"),
            (["invoices", "list", "--page-size"], "option --page-size needs a value"),
            (["tenants", "list", "--timeout"], "option --timeout needs a value"),
        ] {
            let result = try platformOperator.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }

    @Test("unreadable input file names the reason")
    func unreadableInputFile() throws {
        let missing = "/nonexistent/invoice-\(UUID().uuidString).json"
        for (arguments, message) in [
            (["invoices", "issue", "--file", missing], "cannot read '\(missing)': No such file or directory"),
            (["invoices", "issue", "--file", "/tmp"], "cannot read '/tmp': Is a directory"),
            (["audit", "verify", "/tmp", "--public-key", missing],
             "cannot read the public key file '\(missing)': No such file or directory"),
        ] {
            let result = try platformOperator.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }

    @Test("NOT_FOUND exits 1")
    func notFound() throws {
        let result = try platformOperator.run("tenants", "show", UUID().uuidString.lowercased())
        #expect(result.status == 1)
        #expect(result.standardError.contains("NOT_FOUND"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("help lists every command group")
    func helpListsCommands() throws {
        let result = try platformOperator.run("--help")
        #expect(result.status == 0)
        for group in ["tenants", "principals", "keys", "certificates", "roles", "invoices", "health"] {
            #expect(result.standardOutput.contains("\(group) "), "\(group)")
        }
    }
}
