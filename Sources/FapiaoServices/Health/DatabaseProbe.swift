public import FapiaoLogging
import FapiaoStore
import Foundation
import Synchronization

/// A background check, every `interval` on a connection of its own, that
/// PostgreSQL responds to a query. Each change goes to `HealthService`, so
/// that health checks report NOT_SERVING while calls would fail with
/// UNAVAILABLE.
///
/// The probe does not borrow from the pool: under load every pooled
/// connection may be busy, and that is no reason to report the database as
/// down. Thread-safe; `start` runs the checks on a background thread.
public final class DatabaseProbe: Sendable {
    /// The `application_name` of the probe's connection.
    public static let applicationName = "fapiao-health-probe"

    private let url: String
    private let health: HealthService
    private let logger: Logger
    private let stopping = Atomic<Bool>(false)

    /// - Parameter url: libpq URL of the application database; the probe
    ///   adds a 2-second connect timeout and its application name.
    public init(url: String, health: HealthService, logger: Logger) throws {
        self.url = try ConnectionInfo.setting(
            ["connect_timeout": "2", "application_name": Self.applicationName], in: url)
        self.health = health
        self.logger = logger
    }

    public func start(interval: Duration) {
        let seconds =
            Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [self] in
            var connection: PostgresConnection?
            var reachable = true
            while !stopping.load(ordering: .relaxed) {
                let error = check(&connection)
                if (error == nil) != reachable {
                    reachable = error == nil
                    health.setDatabaseReachable(reachable)
                    if let error {
                        logger.warning("database_unreachable", ["error": .string(error)])
                    } else {
                        logger.info("database_reachable")
                    }
                }
                Thread.sleep(forTimeInterval: seconds)
            }
            connection?.close()
        }
        thread.name = "fapiao-database-probe"
        thread.start()
    }

    public func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    /// Runs one check, reconnecting when needed. Returns the failure's
    /// message, or nil when the query succeeded.
    private func check(_ connection: inout PostgresConnection?) -> String? {
        do {
            if connection == nil {
                let opened = try PostgresConnection(url: url)
                try opened.execute(script: "SET statement_timeout = 2000")
                connection = opened
            }
            _ = try connection?.query("SELECT 1")
            return nil
        } catch {
            connection?.close()
            connection = nil
            return String(describing: error)
        }
    }
}
