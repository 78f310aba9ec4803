public import FapiaoLogging
public import Foundation
import Synchronization

/// A private PostgreSQL server whose data, log and socket live under one directory.
///
/// The first `start()` creates the cluster with `initdb` in `<directory>/data` and the
/// database `fapiao`. The server listens only on a Unix socket (`listen_addresses=''`) in a
/// directory of mode 0700, so only the cluster's user and root can connect. Inside that
/// directory authentication is `trust` for the superuser `fapiao_owner`.
///
/// PostgreSQL refuses to run as root, so when the process is root the tools run as the
/// system user `postgres` through `runuser`, and `directory` is given to that user.
///
/// Layout: `<directory>/data` (the data directory), `<directory>/postgresql.log` (server
/// log) and the socket directory `<directory>/run`. When that path is longer than 90
/// bytes, the socket directory is `/tmp/fapiao-pg-<8 hex digits>` instead, because a Unix
/// socket path must fit in 108 bytes including the `.s.PGSQL.5432` file name.
///
/// Thread-safe: `start()` and `stop()` are serialized by a lock.
public final class EmbeddedCluster: Sendable {
    /// Superuser role created by `initdb`.
    public static let ownerRole = "fapiao_owner"
    /// Database created on first start for the server's tables.
    public static let databaseName = "fapiao"
    /// Port number in the socket file name. No TCP port is opened.
    public static let port = 5432

    /// Directory that contains the cluster.
    public let directory: URL
    /// PostgreSQL data directory, `<directory>/data`.
    public let dataDirectory: URL
    /// Directory of the server's Unix socket.
    public let socketDirectory: URL
    /// Server log written by `pg_ctl start -l`.
    public let logFile: URL
    private let settings: [String: String]
    private let logger: Logger
    private let isRunning = Mutex(false)
    /// Descriptor of the open `owner.lock` while this object owns the cluster.
    private let ownerLock = Mutex<Int32?>(nil)

    /// Creates a cluster description. Nothing touches the disk until `start()`.
    ///
    /// - Parameters:
    ///   - directory: directory of the cluster; created on start when missing.
    ///   - settings: extra server settings passed as `-c name=value` on every start,
    ///     for example `["fsync": "off"]` for throwaway test clusters.
    ///   - logger: receives initialization, start and stop events with the data directory.
    public init(directory: URL, settings: [String: String] = [:], logger: Logger) {
        let directory = directory.standardizedFileURL
        self.directory = directory
        self.dataDirectory = directory.appendingPathComponent("data", isDirectory: true)
        self.logFile = directory.appendingPathComponent("postgresql.log")
        self.settings = settings
        self.logger = logger

        let preferred = directory.appendingPathComponent("run", isDirectory: true)
        if preferred.path.utf8.count <= 90 {
            socketDirectory = preferred
        } else {
            let digest = SHA256.hexDigest(of: Data(directory.path.utf8)).prefix(8)
            socketDirectory = URL(fileURLWithPath: "/tmp/fapiao-pg-\(digest)", isDirectory: true)
        }
    }

    /// Starts the server, creating the cluster on first use, and returns the libpq URL of
    /// the `fapiao` database.
    ///
    /// A server left running on the same data directory by an earlier process is stopped
    /// first. Calling `start()` while this object's server runs returns the URL again.
    /// While started, the object holds an exclusive lock on `<directory>/owner.lock`, which
    /// the kernel releases when the process ends. A second process fails to start instead
    /// of stopping a server that its live owner still uses.
    ///
    /// - Throws: `EmbeddedClusterError` when a tool fails, with its standard error or the end
    ///   of the server log. It is also thrown when the process runs as root and the
    ///   `postgres` user cannot reach `directory`. `PostgresError` is thrown when creating
    ///   the database fails.
    @discardableResult
    public func start() throws -> String {
        try isRunning.withLock { isRunning in
            if isRunning { return connectionURL() }
            let user = try ClusterUser.current()
            let binaries = try Self.binaryDirectory()
            try validatePaths()
            try prepareDirectories(for: user)
            try lockOwnership()
            do {
                if !FileManager.default.fileExists(
                    atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
                {
                    try initialize(binaries: binaries, user: user)
                }
                try stopStalePostmaster(binaries: binaries, user: user)
                try startServer(binaries: binaries, user: user)
            } catch {
                releaseOwnership()
                throw error
            }
            isRunning = true
            try createDatabaseIfMissing()
            logger.info(
                "postgres.embedded.started",
                [
                    "data_directory": .string(dataDirectory.path),
                    "socket_directory": .string(socketDirectory.path),
                ])
            return connectionURL()
        }
    }

    /// Stops the server with `pg_ctl stop -m fast -w`, which returns after the postmaster
    /// and all its children exited. Does nothing when no server runs on the data directory.
    ///
    /// - Throws: `EmbeddedClusterError` with `pg_ctl`'s output when stopping fails.
    public func stop() throws {
        try isRunning.withLock { isRunning in
            guard let pid = postmasterProcessID, Self.isProcessRunning(pid) else {
                isRunning = false
                return
            }
            let binaries = try Self.binaryDirectory()
            let user = try ClusterUser.current()
            try runTool(
                binaries, "pg_ctl", ["stop", "-D", dataDirectory.path, "-m", "fast", "-w"],
                user: user)
            isRunning = false
            releaseOwnership()
            if !socketDirectory.path.hasPrefix(directory.path + "/") {
                try? FileManager.default.removeItem(at: socketDirectory)
            }
            logger.info(
                "postgres.embedded.stopped", ["data_directory": .string(dataDirectory.path)])
        }
    }

    /// libpq URL of `database` on this cluster, as the superuser `fapiao_owner`.
    public func connectionURL(database: String = EmbeddedCluster.databaseName) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))
        func encode(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
        }
        return "postgresql:///\(encode(database))?host=\(encode(socketDirectory.path))"
            + "&port=\(Self.port)&user=\(Self.ownerRole)"
    }

    /// Process ID from the first line of `postmaster.pid`, or nil when the file is absent.
    /// The process may have exited without removing the file.
    public var postmasterProcessID: Int32? {
        let file = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: file, encoding: .utf8),
            let firstLine = text.split(separator: "\n").first
        else { return nil }
        return Int32(firstLine.trimmingCharacters(in: .whitespaces))
    }

    // MARK: - Steps of start

    /// Rejects paths that `pg_ctl` would misquote, because it passes the data directory
    /// to /bin/sh inside double quotes.
    private func validatePaths() throws {
        let unsafe = CharacterSet(charactersIn: "\"$`\\\n")
        for path in [directory.path, socketDirectory.path]
        where path.rangeOfCharacter(from: unsafe) != nil {
            throw EmbeddedClusterError(
                "cluster path \(path) contains a quote, $, backquote, backslash or line break,"
                    + " which pg_ctl cannot pass to the shell. Choose another directory.")
        }
    }

    private func prepareDirectories(for user: ClusterUser) throws {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(
                at: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw EmbeddedClusterError(
                "creating cluster directory \(directory.path) failed: \(error.localizedDescription)"
            )
        }
        if let blocked = user.firstUntraversableAncestor(of: directory) {
            throw EmbeddedClusterError(
                "the \(user.name) user cannot enter directory \(blocked), so PostgreSQL cannot"
                    + " use the cluster in \(directory.path). Set FAPIAO_DATA_DIR to a directory"
                    + " that user can reach, for example under /var/lib or /srv.")
        }
        try user.takeOwnership(of: directory)

        if !fileManager.fileExists(atPath: socketDirectory.path) {
            do {
                try fileManager.createDirectory(
                    at: socketDirectory, withIntermediateDirectories: false,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw EmbeddedClusterError(
                    "creating socket directory \(socketDirectory.path) failed:"
                        + " \(error.localizedDescription)")
            }
        }
        try user.takeOwnership(of: socketDirectory)
        try user.verifyPrivateDirectory(socketDirectory)
    }

    private func initialize(binaries: URL, user: ClusterUser) throws {
        let contents =
            (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.path)) ?? []
        if !contents.isEmpty {
            throw EmbeddedClusterError(
                "data directory \(dataDirectory.path) is not empty but contains no PG_VERSION,"
                    + " so it is not a PostgreSQL cluster. Remove it or choose another directory.")
        }
        try runTool(
            binaries, "initdb",
            [
                "-D", dataDirectory.path, "-E", "UTF8", "--locale=C.UTF-8",
                "-U", Self.ownerRole, "--auth=trust",
            ],
            user: user)
        logger.info(
            "postgres.embedded.initialized", ["data_directory": .string(dataDirectory.path)])
    }

    /// Takes the exclusive lock on `<directory>/owner.lock` and writes this process's ID
    /// into the file, or throws when another process holds the lock.
    private func lockOwnership() throws {
        try ownerLock.withLock { descriptor in
            guard descriptor == nil else { return }
            let path = directory.appendingPathComponent("owner.lock").path
            let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard opened >= 0 else {
                throw EmbeddedClusterError(
                    "cannot open \(path): \(String(cString: strerror(errno))); check that this"
                        + " user may write to \(directory.path)")
            }
            guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
                // The owner writes its pid after it took the lock, so the file
                // may still name an earlier owner that has exited.
                let written = (try? String(contentsOfFile: path, encoding: .utf8))?
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let owner = written.flatMap { Int32($0) }.flatMap { Self.isProcessRunning($0) ? $0 : nil }
                close(opened)
                throw EmbeddedClusterError(
                    "another process (pid \(owner.map(String.init) ?? "unknown")) runs the embedded"
                        + " PostgreSQL of \(directory.path); stop that fapiao-server first, or give"
                        + " this one another FAPIAO_DATA_DIR")
            }
            let pid = Array("\(getpid())\n".utf8)
            _ = ftruncate(opened, 0)
            _ = pid.withUnsafeBytes { pwrite(opened, $0.baseAddress, $0.count, 0) }
            descriptor = opened
        }
    }

    /// Closes `owner.lock`, which releases the lock.
    private func releaseOwnership() {
        ownerLock.withLock { descriptor in
            if let open = descriptor { close(open) }
            descriptor = nil
        }
    }

    /// Stops a postmaster that an earlier process started on this data directory and
    /// did not stop, for example because it crashed. Runs only under the ownership lock,
    /// so that process has ended.
    private func stopStalePostmaster(binaries: URL, user: ClusterUser) throws {
        guard let pid = postmasterProcessID, Self.isProcessRunning(pid),
            Self.isPostgresProcess(pid)
        else { return }
        logger.warning(
            "postgres.embedded.stale_postmaster_stopping",
            ["data_directory": .string(dataDirectory.path), "pid": .int(Int(pid))])
        try runTool(
            binaries, "pg_ctl", ["stop", "-D", dataDirectory.path, "-m", "fast", "-w"], user: user)
    }

    private func startServer(binaries: URL, user: ClusterUser) throws {
        var options =
            "-k \(Self.shellQuote(socketDirectory.path)) -c listen_addresses='' -p \(Self.port)"
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            guard
                name.allSatisfy({
                    $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".")
                })
            else {
                throw EmbeddedClusterError("server setting name \(name) is invalid")
            }
            options += " -c \(name)=\(Self.shellQuote(value))"
        }
        do {
            try runTool(
                binaries, "pg_ctl",
                [
                    "start", "-w", "-t", "60", "-D", dataDirectory.path, "-l", logFile.path, "-o",
                    options,
                ],
                user: user)
        } catch let error as EmbeddedClusterError {
            throw EmbeddedClusterError(
                "\(error.description)\nEnd of \(logFile.path):\n\(logTail())")
        }
    }

    private func createDatabaseIfMissing() throws {
        let connection = try PostgresConnection(url: connectionURL(database: "postgres"))
        defer { connection.close() }
        let existing = try connection.query(
            "SELECT 1 FROM pg_database WHERE datname = $1", [Self.databaseName])
        if existing.rowCount == 0 {
            try connection.execute(script: "CREATE DATABASE \(Self.databaseName)")
        }
    }

    // MARK: - Helpers

    @discardableResult
    private func runTool(
        _ binaries: URL, _ tool: String, _ arguments: [String], user: ClusterUser
    )
        throws -> ChildProcess.Outcome
    {
        let executable = binaries.appendingPathComponent(tool).path
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(
                executable, arguments, user: user.runAs, workingDirectory: directory)
        } catch {
            throw EmbeddedClusterError(
                "starting \(executable) failed: \(error.localizedDescription)")
        }
        guard outcome.status == 0 else {
            throw EmbeddedClusterError(
                "\(tool) \(arguments.joined(separator: " ")) failed with exit status"
                    + " \(outcome.status): \(outcome.diagnostics)")
        }
        return outcome
    }

    private func logTail() -> String {
        guard let text = try? String(contentsOf: logFile, encoding: .utf8) else {
            return "(log not readable)"
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20)
            .joined(separator: "\n")
    }

    /// Finds the PostgreSQL server binaries with `pg_config --bindir`, falling back to
    /// Debian's location of PostgreSQL 15.
    static func binaryDirectory() throws -> URL {
        let fileManager = FileManager.default
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let pgConfig = searchPath.split(separator: ":").map { "\($0)/pg_config" }
            .first { fileManager.isExecutableFile(atPath: $0) }
        if let pgConfig,
            let outcome = try? ChildProcess.run(
                pgConfig, ["--bindir"], user: nil, workingDirectory: URL(fileURLWithPath: "/")),
            outcome.status == 0
        {
            let bindir = outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            if fileManager.isExecutableFile(atPath: bindir + "/initdb") {
                return URL(fileURLWithPath: bindir, isDirectory: true)
            }
        }
        let fallback = "/usr/lib/postgresql/15/bin"
        if fileManager.isExecutableFile(atPath: fallback + "/initdb") {
            return URL(fileURLWithPath: fallback, isDirectory: true)
        }
        throw EmbeddedClusterError(
            "PostgreSQL server binaries not found: pg_config --bindir gave no directory with"
                + " initdb and \(fallback) does not exist. Install postgresql-15.")
    }

    /// Returns whether `pid` names a live process. Zombies count as exited, because the
    /// adoptive parent of a stopped postmaster may not reap it at once.
    static func isProcessRunning(_ pid: Int32) -> Bool {
        guard pid > 0, kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let closing = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: closing)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z"
    }

    /// Returns whether `pid` runs the postgres program, so that a process ID from a stale
    /// `postmaster.pid` that the kernel gave to another program is not signaled.
    /// Returns true where /proc is not available.
    private static func isPostgresProcess(_ pid: Int32) -> Bool {
        guard let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else {
            return true
        }
        let command = name.trimmingCharacters(in: .whitespacesAndNewlines)
        return command == "postgres" || command == "postmaster"
    }

    /// Quotes `text` for /bin/sh with single quotes.
    private static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
