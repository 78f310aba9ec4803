import FapiaoLogging
@testable import FapiaoStore
import Foundation
import Testing

/// Returns whether `pid` is a live, non-zombie process.
private func processIsAlive(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 || errno == EPERM else { return false }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let closing = stat.lastIndex(of: ")")
    else { return true }
    return stat[stat.index(after: closing)...].trimmingCharacters(in: .whitespaces).first != "Z"
}

/// Creates a new directory `/tmp/<prefix>XXXXXX`.
private func makeTemporaryDirectory(_ prefix: String = "fapiao-ec-") throws -> URL {
    var template = Array("/tmp/\(prefix)XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else {
        throw EmbeddedClusterError("mkdtemp failed: \(String(cString: strerror(errno)))")
    }
    return URL(fileURLWithPath: String(cString: created), isDirectory: true)
}

private func makeCluster(_ directory: URL) -> EmbeddedCluster {
    EmbeddedCluster(
        directory: directory, settings: ["fsync": "off"],
        logger: Logger(label: "cluster-test", sink: .memory()))
}

@Suite struct EmbeddedClusterTests {
    @Test func startQueryStopRestart() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = makeCluster(directory)
        defer { try? cluster.stop() }

        let url = try cluster.start()
        let connection = try PostgresConnection(url: url)
        try connection.execute(script: "CREATE TABLE kept (body text); INSERT INTO kept VALUES ('x')")
        let database = try connection.query("SELECT current_database() AS name")[0, "name"]
        let listening = try connection.query("SHOW listen_addresses")[0, "listen_addresses"]
        connection.close()
        let firstPID = try #require(cluster.postmasterProcessID)
        try cluster.stop()

        #expect(url.contains("host=\(cluster.socketDirectory.path)"))
        #expect(database == "fapiao")
        #expect(listening == "")
        #expect(!processIsAlive(firstPID))
        #expect(cluster.postmasterProcessID == nil)
        #expect(FileManager.default.fileExists(atPath: cluster.logFile.path))

        let restartedURL = try cluster.start()
        let reconnected = try PostgresConnection(url: restartedURL)
        defer { reconnected.close() }
        let rows = try reconnected.query("SELECT body FROM kept").rows
        #expect(rows == [["x"]])
        #expect(restartedURL == url)
    }

    @Test func stopIsIdempotent() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = makeCluster(directory)

        try cluster.stop()
        try cluster.start()
        let pid = try #require(cluster.postmasterProcessID)
        try cluster.stop()
        try cluster.stop()

        #expect(!processIsAlive(pid))
    }

    @Test func stalePostmasterIsStopped() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = makeCluster(directory)
        try first.start()
        try first.stop()
        // A postmaster whose starter is gone, as after a crash of the server
        // process: it runs, and no process holds the ownership lock.
        // ChildProcess, because Foundation's Process waits for the server too.
        let pgCtl = try EmbeddedCluster.binaryDirectory().appendingPathComponent("pg_ctl").path
        let started = try ChildProcess.run(
            pgCtl,
            [
                "start", "-w", "-D", first.dataDirectory.path, "-l", first.logFile.path, "-o",
                "-k \(first.socketDirectory.path) -c listen_addresses=''",
            ],
            user: geteuid() == 0 ? "postgres" : nil, workingDirectory: directory)
        #expect(started.status == 0, "\(started.diagnostics)")
        let stalePID = try #require(first.postmasterProcessID)
        let cluster = makeCluster(directory)
        defer { try? cluster.stop() }

        let url = try cluster.start()
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        let newPID = try #require(cluster.postmasterProcessID)

        #expect(!processIsAlive(stalePID))
        #expect(newPID != stalePID)
        #expect(try connection.query("SELECT 1 AS one")[0, "one"] == "1")
    }

    @Test func liveOwnerKeepsItsServer() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let owner = makeCluster(directory)
        defer { try? owner.stop() }
        let url = try owner.start()
        let ownerPID = try #require(owner.postmasterProcessID)

        let intruder = makeCluster(directory)
        let error = #expect(throws: EmbeddedClusterError.self) { try intruder.start() }
        #expect(error?.description.contains("pid \(getpid())") == true)
        #expect(error?.description.contains(directory.path) == true)

        // The owner's server was left alone and still accepts queries.
        #expect(owner.postmasterProcessID == ownerPID)
        #expect(processIsAlive(ownerPID))
        let connection = try PostgresConnection(url: url)
        defer { connection.close() }
        #expect(try connection.query("SELECT 1 AS one")[0, "one"] == "1")

        // Once the owner stopped, another object may start the cluster.
        try owner.stop()
        try intruder.start()
        #expect(intruder.postmasterProcessID != nil)
        try intruder.stop()
    }

    @Test func longPathUsesShortSocketDirectory() throws {
        let parent = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        // The postgres user must be able to enter the parent when the test runs as root.
        chmod(parent.path, 0o755)
        let directory = parent.appendingPathComponent(
            String(repeating: "long-directory-name-", count: 5), isDirectory: true)
        let cluster = makeCluster(directory)
        defer { try? cluster.stop() }

        let url = try cluster.start()
        let connection = try PostgresConnection(url: url)
        let value = try connection.query("SELECT 2 AS two")[0, "two"]
        connection.close()
        try cluster.stop()

        #expect(directory.path.utf8.count > 90)
        #expect(cluster.socketDirectory.path.hasPrefix("/tmp/fapiao-pg-"))
        #expect(value == "2")
        #expect(!FileManager.default.fileExists(atPath: cluster.socketDirectory.path))
    }

    @Test(.enabled(if: geteuid() == 0, "only root hands the cluster to the postgres user"))
    func unreachableDirectoryIsReported() throws {
        // mkdtemp creates mode 0700 owned by root, which the postgres user cannot enter.
        let locked = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: locked) }
        let cluster = makeCluster(locked.appendingPathComponent("cluster", isDirectory: true))

        let error = #expect(throws: EmbeddedClusterError.self) { try cluster.start() }

        #expect(error?.description.contains("cannot enter directory \(locked.path)") == true)
        #expect(error?.description.contains("FAPIAO_DATA_DIR") == true)
    }
}
