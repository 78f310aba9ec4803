import Foundation

/// Runs a program to completion and captures its output.
///
/// Uses `posix_spawn` and `waitpid` instead of Foundation's `Process`. On Linux, `Process`
/// notices the exit of a child through a socket that the child inherits, so it waits until
/// every descendant has closed that socket. `pg_ctl start` leaves a server running that
/// inherits it, and `waitUntilExit()` would then block until the server stops. Here the
/// child closes every descriptor above 2 before it runs (`addclosefrom_np`, glibc 2.34).
///
/// Output goes to temporary files instead of pipes for the same reason.
struct ChildProcess {
    /// Exit status and captured output of a finished program.
    struct Outcome {
        /// Exit status, or 128 plus the signal number when a signal ended the program.
        let status: Int32
        let standardOutput: String
        let standardError: String

        /// Standard error, or standard output when standard error is empty, trimmed.
        var diagnostics: String {
            let error = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            if !error.isEmpty { return error }
            return standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// Runs `executable` with `arguments` in `workingDirectory` and waits for it to exit.
    ///
    /// When `user` is set, the program runs as that user through `runuser -u USER --`,
    /// which only root may do. Environment variables starting with `PG` are removed so
    /// that settings such as `PGPORT` or `PGDATA` of the caller cannot redirect the tools.
    ///
    /// - Throws: `EmbeddedClusterError` when the program cannot be started.
    static func run(
        _ executable: String, _ arguments: [String], user: String?, workingDirectory: URL
    ) throws -> Outcome {
        var command = [executable] + arguments
        if let user {
            command = [runuserPath, "-u", user, "--"] + command
        }
        let environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("PG") }
            .map { "\($0.key)=\($0.value)" }

        let outputURL = try temporaryFile()
        let errorURL = try temporaryFile()
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }

        let pid = try spawn(
            command, environment: environment, workingDirectory: workingDirectory.path,
            outputPath: outputURL.path, errorPath: errorURL.path)
        let status = waitForExit(pid)
        return Outcome(
            status: status,
            standardOutput: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            standardError: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }

    private static func spawn(
        _ command: [String], environment: [String], workingDirectory: String,
        outputPath: String, errorPath: String
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_TRUNC, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_TRUNC, 0)
        guard let closeFrom = GlibcSpawnExtensions.addCloseFrom,
            let changeDirectory = GlibcSpawnExtensions.addChangeDirectory
        else {
            throw EmbeddedClusterError(
                "this C library lacks posix_spawn_file_actions_addclosefrom_np or"
                    + " posix_spawn_file_actions_addchdir_np; glibc 2.34 or newer is required")
        }
        _ = closeFrom(&actions, 3)
        _ = changeDirectory(&actions, workingDirectory)

        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command[0], &actions, nil, argv, envp)
        guard result == 0 else {
            throw EmbeddedClusterError(
                "starting \(command[0]) failed: \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Waits for `pid` and returns its exit status, or 128 plus the signal number.
    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// glibc extensions of `posix_spawn`, looked up at run time because the Glibc module
    /// of Swift does not declare them.
    private enum GlibcSpawnExtensions {
        typealias AddCloseFrom =
            @convention(c) (
                UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32
            ) -> Int32
        typealias AddChangeDirectory =
            @convention(c) (
                UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?
            ) -> Int32

        static let addCloseFrom: AddCloseFrom? = function(
            "posix_spawn_file_actions_addclosefrom_np")
        static let addChangeDirectory: AddChangeDirectory? = function(
            "posix_spawn_file_actions_addchdir_np")

        private static func function<F>(_ name: String) -> F? {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else {
                return nil
            }
            return unsafeBitCast(symbol, to: F.self)
        }
    }

    /// Path of util-linux `runuser`, which Debian installs in /usr/sbin.
    static var runuserPath: String {
        for path in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        return "/usr/sbin/runuser"
    }

    private static func temporaryFile() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fapiao-process-\(UUID().uuidString)")
        guard
            FileManager.default.createFile(
                atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw EmbeddedClusterError("creating temporary output file \(url.path) failed")
        }
        return url
    }
}
