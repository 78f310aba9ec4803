import FapiaoLogging
import FapiaoRPC
import FapiaoServices
import FapiaoStore
import FapiaoTransport
import Foundation

/// Starts every part of the server in order and stops them in reverse.
final class ServerApplication: Sendable {
    let configuration: ServerConfiguration
    let logger: Logger
    private let cluster: EmbeddedCluster?
    private let pool: ConnectionPool
    private let server: RPCServer
    private let health: HealthService

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
            pool = ConnectionPool(
                url: databaseURL, maximumConnections: configuration.databasePoolSize, logger: logger)
            guard let migrations = MigrationRunner.locateDirectory() else {
                throw StartupError(
                    "Migrations directory not found: set FAPIAO_MIGRATIONS_DIR or start the"
                        + " server from the repository")
            }
            let runner = MigrationRunner(directory: migrations, logger: logger)
            _ = try pool.withConnection { connection in try runner.migrate(using: connection) }
            try OperatorBootstrap.run(
                pool: pool, dataDirectory: configuration.dataDirectory, logger: logger)

            let tlsContext = try ServerApplication.makeTLSContext(configuration, logger: logger)
            let database = Database(pool: pool)
            let pipeline = ServicePipeline(database: database, logger: logger)
            var router = MethodRouter()
            let invoices = InvoiceService()
            pipeline.register(invoices.issueInvoice, in: &router)
            pipeline.register(invoices.getInvoice, in: &router)
            pipeline.register(TenantService().createTenant, in: &router)
            health = HealthService(services: router.services)
            health.register(in: &router)

            server = try RPCServer(
                configuration: RPCServer.Configuration(
                    host: configuration.host, port: configuration.port,
                    eventLoopThreads: configuration.eventLoopThreads,
                    workerThreads: configuration.workerThreads,
                    connection: ServerConnectionConfiguration(
                        maximumMessageSize: configuration.maximumMessageSize)),
                router: router, tlsContext: tlsContext, logger: logger)
            let address = try server.start()
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
        health.setNotServing()
        let cutOff = server.shutdown(grace: configuration.shutdownGrace)
        pool.close()
        do {
            try cluster?.stop()
        } catch {
            logger.error("embedded_database_stop_failed", ["error": .string(String(describing: error))])
        }
        logger.info("server_stopped", ["calls_cut_off": .int(cutOff)])
    }

    private static func makeTLSContext(_ configuration: ServerConfiguration, logger: Logger) throws
        -> TLSContext
    {
        let chain: URL
        let key: URL
        if let certificate = configuration.certificateChain, let privateKey = configuration.privateKey {
            chain = certificate
            key = privateKey
        } else {
            let generated = try DevelopmentCertificates.ensure(
                in: configuration.dataDirectory.appendingPathComponent("tls"), logger: logger)
            chain = generated.certificateChain
            key = generated.privateKey
        }
        return try TLSContext(configuration: .server(certificateChain: chain, privateKey: key))
    }

    /// Removes the password from a libpq URL or conninfo string for logs.
    static func redactPassword(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex),
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
