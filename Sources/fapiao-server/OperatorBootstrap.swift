import FapiaoLogging
import FapiaoServices
import FapiaoStore
import Foundation

/// Creates the first platform operator and its API key on the first start.
enum OperatorBootstrap {
    static let keyFileName = "admin.key"

    /// When the platform tenant has no operator yet, creates one with an
    /// API key and writes the key to `<data dir>/admin.key` with mode 0600.
    /// Logs the file's path, never the key.
    static func run(pool: ConnectionPool, dataDirectory: URL, logger: Logger) throws {
        let keyFile = dataDirectory.appendingPathComponent(keyFileName)
        try pool.withConnection { connection in
            try connection.transaction { connection in
                // One bootstrap at a time, also across servers sharing a database.
                _ = try connection.query("SELECT pg_advisory_xact_lock(7443001)")
                try Database.setTenant(platformTenantID, on: connection)
                let existing = try connection.query(
                    "SELECT count(*) AS operators FROM principal_roles WHERE tenant_id = $1 AND role = $2",
                    [platformTenantID, BuiltInRole.platformOperator.rawValue])
                guard try existing.int(row: 0, column: "operators") == 0 else {
                    if !FileManager.default.fileExists(atPath: keyFile.path) {
                        logger.warning(
                            "operator_key_file_missing",
                            [
                                "path": .string(keyFile.path),
                                "hint":
                                    "a platform operator exists; its key was written on the first start",
                            ])
                    }
                    return
                }
                let principal = try connection.query(
                    """
                    INSERT INTO principals (tenant_id, principal_id, name, kind)
                    VALUES ($1, gen_random_uuid(), 'operator', 'operator')
                    RETURNING principal_id
                    """, [platformTenantID])
                let principalID = try principal.string(row: 0, column: "principal_id")
                _ = try connection.query(
                    "INSERT INTO principal_roles (tenant_id, principal_id, role) VALUES ($1, $2, $3)",
                    [platformTenantID, principalID, BuiltInRole.platformOperator.rawValue])
                let key = try APIKey.generate(tenantID: platformTenantID)
                _ = try connection.query(
                    "INSERT INTO api_keys (tenant_id, key_id, principal_id, secret_hash) VALUES ($1, $2, $3, $4)",
                    [platformTenantID, key.keyID, principalID, key.secretHashByteaHex])
                // Written before the commit: a failed write rolls the operator back,
                // so no operator exists whose key was never written.
                try writeKeyFile(key.text, to: keyFile)
                logger.info(
                    "operator_created",
                    [
                        "principal_id": .string(principalID), "key_id": .string(key.keyID),
                        "key_file": .string(keyFile.path),
                    ])
            }
        }
    }

    static let platformTenantID = Database.platformTenantID

    private static func writeKeyFile(_ key: String, to url: URL) throws {
        let path = url.path
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { close(descriptor) }
        let bytes = Array((key + "\n").utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
