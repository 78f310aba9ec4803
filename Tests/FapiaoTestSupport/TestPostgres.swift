import FapiaoLogging
import FapiaoStore
import Foundation

/// The PostgreSQL server that tests use.
///
/// When `FAPIAO_TEST_DATABASE_URL` is set, it must be a superuser URL of a running server
/// (as printed by `scripts/test-postgres start`). Otherwise the first call starts one
/// `EmbeddedCluster` for the whole test process in a new `/tmp/fapiao-test-XXXXXX`
/// directory, and an `atexit` handler stops it and removes the directory.
///
/// NOTE: a test process killed by a signal skips `atexit`, so its embedded server keeps
/// running until stopped with `pg_ctl stop -D /tmp/fapiao-test-XXXXXX/data`.
public enum TestPostgres {
    /// Returns the superuser libpq URL of the test server, starting it on first use.
    ///
    /// - Throws: the error from starting the embedded cluster; every later call throws it again.
    public static func serverURL() throws -> String {
        try sharedServer.get().url
    }
}

/// Server shared by all tests of the process.
private struct SharedServer: Sendable {
    let url: String
    let cluster: EmbeddedCluster?
    let directory: URL?
}

/// Initialized once, on first use, because Swift initializes globals lazily and atomically.
private let sharedServer: Result<SharedServer, any Error> = Result {
    let environment = ProcessInfo.processInfo.environment
    if let url = environment["FAPIAO_TEST_DATABASE_URL"], !url.isEmpty {
        return SharedServer(url: url, cluster: nil, directory: nil)
    }

    var template = Array("/tmp/fapiao-test-XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else {
        throw EmbeddedClusterError(
            "creating a temporary directory under /tmp failed: \(String(cString: strerror(errno)))")
    }
    let directory = URL(fileURLWithPath: String(cString: created), isDirectory: true)
    let cluster = EmbeddedCluster(
        directory: directory,
        // Durability is pointless for a throwaway cluster, and skipping it makes tests faster.
        settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"],
        logger: Logger(label: "test-postgres", minimumLevel: .warning))
    do {
        _ = try cluster.start()
    } catch {
        try? cluster.stop()
        try? FileManager.default.removeItem(at: directory)
        throw error
    }
    atexit { stopSharedServer() }
    return SharedServer(
        url: cluster.connectionURL(database: "postgres"), cluster: cluster, directory: directory)
}

private func stopSharedServer() {
    guard case .success(let server) = sharedServer, let cluster = server.cluster else { return }
    do {
        try cluster.stop()
    } catch {
        FileHandle.standardError.write(Data("stopping the test PostgreSQL server failed: \(error)\n".utf8))
        return
    }
    if let directory = server.directory {
        try? FileManager.default.removeItem(at: directory)
    }
}
