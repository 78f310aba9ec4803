import Foundation

/// Output of a finished child process.
struct ProcessResult {
    var status: Int32
    var standardOutput: Data
    var standardError: String
}

/// Runs `executable` (looked up on PATH) with `arguments` and returns its
/// exit status and output. Feeds `input` to standard input when given.
func runProcess(_ executable: String, _ arguments: [String], input: Data? = nil) throws
    -> ProcessResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + arguments
    let outputPipe = Pipe()
    let errorPipe = Pipe()
    process.standardOutput = outputPipe
    process.standardError = errorPipe
    let inputPipe = Pipe()
    if input != nil {
        process.standardInput = inputPipe
    }
    try process.run()
    if let input {
        inputPipe.fileHandleForWriting.write(input)
        try inputPipe.fileHandleForWriting.close()
    }
    // The commands used here write little to standard error, so reading it
    // after standard output cannot fill its pipe and block the child.
    let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
    let error = errorPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, standardOutput: output,
        standardError: String(decoding: error, as: UTF8.self))
}

/// Returns the lower-case hex SHA-256 of `file` as `sha256sum` prints it.
func sha256sum(of file: URL) throws -> String {
    let result = try runProcess("sha256sum", [file.path])
    let text = String(decoding: result.standardOutput, as: UTF8.self)
    return String(text.prefix(64))
}

/// Returns the lower-case hex SHA-256 of `data` as `sha256sum` prints it.
func sha256sum(of data: Data) throws -> String {
    let result = try runProcess("sha256sum", ["-"], input: data)
    let text = String(decoding: result.standardOutput, as: UTF8.self)
    return String(text.prefix(64))
}

/// A new, empty directory under the system temporary directory.
func makeTemporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("fapiao-audit-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}
