import Foundation

/// Operating system user that owns an embedded cluster and runs its tools.
///
/// A root process uses the system user `postgres`, because PostgreSQL refuses to run as
/// root. Any other process uses itself.
struct ClusterUser {
    /// User name, for messages.
    let name: String
    /// User to pass to `runuser`, or nil to run the tools directly.
    let runAs: String?
    let userID: uid_t
    let primaryGroupID: gid_t
    /// Primary and supplementary groups, for permission checks.
    let groupIDs: [gid_t]

    /// Returns the cluster user for the current process.
    ///
    /// - Throws: `EmbeddedClusterError` when the process is root and no `postgres` user exists.
    static func current() throws -> ClusterUser {
        if geteuid() != 0 {
            let name = ProcessInfo.processInfo.userName
            return ClusterUser(
                name: name, runAs: nil, userID: geteuid(), primaryGroupID: getegid(),
                groupIDs: [getegid()])
        }
        guard let entry = getpwnam("postgres") else {
            throw EmbeddedClusterError(
                "running as root requires the system user postgres, which does not exist."
                    + " Install the postgresql package or run the server as another user.")
        }
        let userID = entry.pointee.pw_uid
        let primaryGroup = entry.pointee.pw_gid
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist("postgres", primaryGroup, &groups, &count) == -1 {
            groups = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist("postgres", primaryGroup, &groups, &count)
        }
        let groupIDs = Array(groups.prefix(Int(max(count, 0)))) + [primaryGroup]
        return ClusterUser(
            name: "postgres", runAs: "postgres", userID: userID, primaryGroupID: primaryGroup,
            groupIDs: groupIDs)
    }

    /// Returns the first ancestor directory of `url` that this user may not search
    /// (no execute permission), or nil when all can be searched.
    ///
    /// Checks the classic permission bits only. Access control lists are ignored.
    func firstUntraversableAncestor(of url: URL) -> String? {
        var ancestors: [String] = []
        var current = url.deletingLastPathComponent()
        while true {
            ancestors.insert(current.path, at: 0)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        for path in ancestors {
            var info = stat()
            guard stat(path, &info) == 0 else { return path }
            let mode = info.st_mode
            let searchable: Bool
            if info.st_uid == userID {
                searchable = mode & S_IXUSR != 0
            } else if groupIDs.contains(info.st_gid) {
                searchable = mode & S_IXGRP != 0
            } else {
                searchable = mode & S_IXOTH != 0
            }
            if !searchable && userID != 0 { return path }
        }
        return nil
    }

    /// Gives `url` to this user when the process runs as root. Does nothing otherwise.
    func takeOwnership(of url: URL) throws {
        guard runAs != nil else { return }
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw EmbeddedClusterError("directory \(url.path) is missing after creating it")
        }
        guard info.st_uid != userID else { return }
        guard chown(url.path, userID, primaryGroupID) == 0 else {
            throw EmbeddedClusterError(
                "changing the owner of \(url.path) to \(name) failed: \(String(cString: strerror(errno)))"
            )
        }
    }

    /// Checks that `url` is a real directory (not a symbolic link) owned by this user with
    /// mode 0700, so that no other user can reach the socket in it.
    func verifyPrivateDirectory(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw EmbeddedClusterError("socket directory \(url.path) is not a directory")
        }
        guard info.st_uid == userID else {
            throw EmbeddedClusterError(
                "socket directory \(url.path) belongs to another user. Remove it and start again.")
        }
        if info.st_mode & 0o777 != 0o700, chmod(url.path, 0o700) != 0 {
            throw EmbeddedClusterError(
                "setting mode 0700 on socket directory \(url.path) failed: \(String(cString: strerror(errno)))"
            )
        }
    }
}
