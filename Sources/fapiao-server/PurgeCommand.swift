import FapiaoLogging
import FapiaoStore
import Foundation

/// `fapiao-server purge-access-log`: runs the retention job once and exits.
enum PurgeCommand {
    /// - Returns: the exit status: 0 on success, 1 on failure, 2 for a bad setting.
    static func run(configuration: ServerConfiguration, logger: Logger) -> Int32 {
        let text = ProcessInfo.processInfo.environment["FAPIAO_ACCESS_LOG_RETENTION_DAYS"] ?? ""
        let days = text.isEmpty ? AccessLogPurge.defaultRetentionDays : Int(text) ?? -1
        guard days >= AccessLogPurge.minimumRetentionDays else {
            logger.error(
                "invalid_configuration",
                [
                    "error": .string(
                        "invalid FAPIAO_ACCESS_LOG_RETENTION_DAYS='\(text)': expected a whole number of"
                            + " days of at least \(AccessLogPurge.minimumRetentionDays)")
                ])
            return 2
        }
        var cluster: EmbeddedCluster?
        do {
            let url: String
            if let configured = configuration.databaseURL {
                url = configured
            } else {
                let embedded = EmbeddedCluster(
                    directory: configuration.dataDirectory.appendingPathComponent("postgres"), logger: logger)
                // A running server owns the cluster: use it and leave it running.
                if embedded.postmasterProcessID != nil,
                    let probe = try? PostgresConnection(url: embedded.connectionURL())
                {
                    probe.close()
                    url = embedded.connectionURL()
                } else {
                    url = try embedded.start()
                    cluster = embedded
                }
            }
            defer { try? cluster?.stop() }
            let removed = try AccessLogPurge.run(ownerURL: url, retentionDays: days, logger: logger)
            logger.info("access_log_purge_finished", ["entries": .int(removed), "retention_days": .int(days)])
            return 0
        } catch {
            logger.error("access_log_purge_failed", ["error": .string(String(describing: error))])
            return 1
        }
    }
}
