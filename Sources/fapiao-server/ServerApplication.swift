import FapiaoAudit
import FapiaoLogging
import FapiaoRPC
import FapiaoServices
import FapiaoStore
import FapiaoTransport
import Foundation
import Synchronization

/// Starts every part of the server in order and stops them in reverse.
final class ServerApplication: Sendable {
    let configuration: ServerConfiguration
    let logger: Logger
    private let cluster: EmbeddedCluster?
    private let pool: ConnectionPool
    private let server: RPCServer
    private let health: HealthService
    private let probe: DatabaseProbe
    private let pipeline: ServicePipeline
    private let sealer: AccessLogSealer
    private let stopping = Atomic<Bool>(false)

    /// Role that serves calls: it owns no table and is subject to row-level security.
    static let applicationRole = "fapiao_app"

    /// Prepares the data directory, the database (starting the embedded
    /// cluster when no URL is set), migrations, the first operator and TLS,
    /// and binds the listening socket.
    init(configuration: ServerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        // Mode 0711: the embedded cluster's unprivileged user must pass through
        // to postgres/, while the secrets in here are files of mode 0600.
        try FileManager.default.createDirectory(
            at: configuration.dataDirectory, withIntermediateDirectories: true)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o711], ofItemAtPath: configuration.dataDirectory.path)

        let databaseURL: String
        let databaseDescription: String
        if let url = configuration.databaseURL {
            cluster = nil
            databaseURL = url
            databaseDescription = ServerApplication.redactPassword(url)
        } else {
            let embedded = EmbeddedCluster(
                directory: configuration.dataDirectory.appendingPathComponent("postgres"),
                logger: logger)
            databaseURL = try embedded.start()
            cluster = embedded
            databaseDescription = "embedded:\(embedded.dataDirectory.path)"
        }

        do {
            let appURL =
                try configuration.databaseAppURL
                ?? ConnectionInfo.setting(
                    [
                        "user": ServerApplication.applicationRole,
                        "password": configuration.databaseAppPassword,
                    ],
                    in: databaseURL)
            try ServerApplication.prepareDatabase(
                ownerURL: databaseURL, appPassword: configuration.databaseAppPassword,
                dataDirectory: configuration.dataDirectory, logger: logger)
            pool = ConnectionPool(
                url: appURL, maximumConnections: configuration.databasePoolSize, logger: logger)
            try ServerApplication.checkApplicationRole(pool)
            let tlsContext = try ServerApplication.makeTLSContext(configuration, logger: logger)
            let database = Database(pool: pool)
            let pipeline = ServicePipeline(database: database, logger: logger)
            self.pipeline = pipeline
            var router = MethodRouter()
            let signingKey = try ServerApplication.loadSigningKey(configuration, logger: logger)
            let sealer = AccessLogSealer(database: database, signingKey: signingKey, logger: logger)
            self.sealer = sealer
            ServiceCatalog.register(
                in: &router, pipeline: pipeline, accessLog: AccessLogService(sealer: sealer))
            health = HealthService(services: router.services)
            health.register(in: &router)
            probe = try DatabaseProbe(url: appURL, health: health, logger: logger)

            server = try RPCServer(
                configuration: RPCServer.Configuration(
                    host: configuration.host, port: configuration.port,
                    eventLoopThreads: configuration.eventLoopThreads,
                    workerThreads: configuration.workerThreads,
                    connection: ServerConnectionConfiguration(
                        maximumMessageSize: configuration.maximumMessageSize)),
                router: router, tlsContext: tlsContext, logger: logger)
            let address = try server.start()
            startRejectionFlusher()
            sealer.start(interval: configuration.sealInterval)
            probe.start(interval: .seconds(1))
            logger.info(
                "server_started",
                [
                    "address": .string(address.description),
                    "version": .string(ServerConfiguration.version),
                    "database": .string(databaseDescription),
                    "data_dir": .string(configuration.dataDirectory.path),
                ])
        } catch {
            try? cluster?.stop()
            throw error
        }
    }

    /// Stops accepting, drains calls within the grace period, closes the
    /// pool and stops the embedded cluster.
    func shutdown(signal: String) {
        logger.info("server_stopping", ["signal": .string(signal)])
        stopping.store(true, ordering: .relaxed)
        health.setNotServing()
        probe.stop()
        let cutOff = server.shutdown(grace: configuration.shutdownGrace)
        pipeline.flushRejectionCounts()
        // Entries still pending are sealed by the first pass of the next start.
        sealer.stop()
        pool.close()
        do {
            try cluster?.stop()
        } catch {
            logger.error(
                "embedded_database_stop_failed", ["error": .string(String(describing: error))])
        }
        logger.info("server_stopped", ["calls_cut_off": .int(cutOff)])
    }

    /// Applies the migrations and creates the first operator as the
    /// database owner, then closes that connection: calls never run as the owner.
    private static func prepareDatabase(
        ownerURL: String, appPassword: String?, dataDirectory: URL, logger: Logger
    ) throws {
        let owner = ConnectionPool(url: ownerURL, maximumConnections: 1, logger: logger)
        defer { owner.close() }
        guard let migrations = MigrationRunner.locateDirectory() else {
            throw StartupError(
                "Migrations directory not found: set FAPIAO_MIGRATIONS_DIR or start the"
                    + " server from the repository")
        }
        let runner = MigrationRunner(directory: migrations, logger: logger)
        _ = try owner.withConnection { connection in try runner.migrate(using: connection) }
        if let appPassword {
            try owner.withConnection { connection in
                // ALTER ROLE takes no parameters, so format() quotes the literal.
                let statement = try connection.query(
                    "SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) AS statement",
                    [applicationRole, appPassword])
                try connection.execute(script: try statement.string(row: 0, column: "statement"))
            }
        }
        try OperatorBootstrap.run(pool: owner, dataDirectory: dataDirectory, logger: logger)
    }

    /// Refuses to serve as a role that would bypass row-level security.
    private static func checkApplicationRole(_ pool: ConnectionPool) throws {
        let row = try pool.withConnection { connection in
            try connection.query(
                """
                SELECT current_user AS role, rolsuper OR rolbypassrls AS bypasses
                FROM pg_roles WHERE rolname = current_user
                """)
        }
        if row[0, "bypasses"] != "f" {
            throw StartupError(
                "the database role '\(row[0, "role"] ?? "")' bypasses row-level security; serve as"
                    + " \(applicationRole) (set FAPIAO_DATABASE_APP_URL)")
        }
    }

    /// Loads the Ed25519 key that signs access-log digests, creating it in
    /// `<data dir>/signing/` on the first start unless FAPIAO_SIGNING_KEY names one.
    private static func loadSigningKey(_ configuration: ServerConfiguration, logger: Logger) throws
        -> SigningKey
    {
        let privateKey: URL
        if let configured = configuration.signingKey {
            privateKey = configured
        } else {
            let directory = configuration.dataDirectory.appendingPathComponent("signing")
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            privateKey = directory.appendingPathComponent("ed25519.key")
        }
        let publicKey = privateKey.deletingPathExtension().appendingPathExtension("pub")
        let key = try SigningKey.loadOrCreate(privateKeyFile: privateKey, publicKeyFile: publicKey)
        logger.info(
            "signing_key_loaded",
            ["key_id": .string(key.keyID), "public_key": .string(publicKey.path)])
        return key
    }

    /// Writes the counts of calls rejected by tenant limits every 5 s.
    private func startRejectionFlusher() {
        let thread = Thread { [self] in
            while !stopping.load(ordering: .relaxed) {
                Thread.sleep(forTimeInterval: 5)
                pipeline.flushRejectionCounts()
            }
        }
        thread.name = "fapiao-rejection-log"
        thread.start()
    }

    private static func makeTLSContext(
        _ configuration: ServerConfiguration, logger: Logger
    ) throws
        -> TLSContext
    {
        let chain: URL
        let key: URL
        if let certificate = configuration.certificateChain,
            let privateKey = configuration.privateKey
        {
            chain = certificate
            key = privateKey
        } else {
            let generated = try DevelopmentCertificates.ensure(
                in: configuration.dataDirectory.appendingPathComponent("tls"), logger: logger)
            chain = generated.certificateChain
            key = generated.privateKey
        }
        return try TLSContext(
            configuration: .server(
                certificateChain: chain, privateKey: key,
                clientAuthorities: configuration.clientAuthority,
                requireClientCertificate: configuration.requireClientCertificate))
    }

    /// Removes the password from a libpq URL or conninfo string for logs.
    static func redactPassword(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"),
            let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex),
            let colon = text.range(of: ":", range: scheme.upperBound..<at.lowerBound)
        {
            text.replaceSubrange(colon.upperBound..<at.lowerBound, with: "***")
        }
        if let password = text.range(of: #"password=[^ &]*"#, options: .regularExpression) {
            text.replaceSubrange(password, with: "password=***")
        }
        return text
    }
}

/// A reason the server cannot start.
struct StartupError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
