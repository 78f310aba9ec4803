import Foundation

/// Files that the user names on the command line.
enum InputFile {
    /// Returns the contents of the file at `path`.
    ///
    /// - Parameter role: the file's role in the error message, such as
    ///   "the API key file".
    /// - Throws: `UsageError` that names the file and the reason, such as
    ///   "No such file or directory".
    static func contents(of path: String, role: String = "") throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw UsageError("cannot read \(name(path, role)): \(reason(error))")
        }
    }

    /// Returns the text of the UTF-8 file at `path`, like `contents(of:role:)`.
    static func text(of path: String, role: String = "") throws -> String {
        let data = try contents(of: path, role: role)
        guard let text = String(data: data, encoding: .utf8) else {
            throw UsageError("cannot read \(name(path, role)): the file is not UTF-8 text")
        }
        return text
    }

    private static func name(_ path: String, _ role: String) -> String {
        role.isEmpty ? "'\(path)'" : "\(role) '\(path)'"
    }

    /// Returns the operating system's reason for `error`, or Foundation's
    /// message when it carries no POSIX error.
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        let underlying = (nsError.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        let posix = nsError.domain == NSPOSIXErrorDomain ? nsError : underlying
        if let posix, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return nsError.localizedDescription
    }
}
