import Foundation

/// Exit status and output of one run of the `fapiao` executable.
struct CLIResult {
    let status: Int32
    let standardOutput: String
    let standardError: String

    /// Standard output parsed as one JSON object, as `--json` prints it.
    func jsonObject() throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(standardOutput.utf8))
        guard let object = value as? [String: Any] else {
            throw CLIRunError(description: "standard output is not a JSON object: \(standardOutput)")
        }
        return object
    }
}

/// A failure to run the `fapiao` executable or to use its output.
struct CLIRunError: Error, CustomStringConvertible {
    let description: String
}
