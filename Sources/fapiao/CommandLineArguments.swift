/// Arguments split into positionals and `--name value` / `--flag` options.
struct CommandLineArguments {
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    /// Options that take no value.
    static let flagNames: Set<String> = ["json", "help"]

    /// - Throws: `UsageError` for an option without its value.
    init(_ arguments: some Sequence<String>) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            if let equals = name.firstIndex(of: "=") {
                options[String(name[..<equals])] = String(name[name.index(after: equals)...])
                continue
            }
            if CommandLineArguments.flagNames.contains(name) {
                flags.insert(name)
                continue
            }
            guard let value = iterator.next() else {
                throw UsageError("option --\(name) needs a value")
            }
            name = name.lowercased()
            options[name] = value
        }
    }

    /// Removes and returns an option's value.
    mutating func take(_ name: String) -> String? {
        options.removeValue(forKey: name)
    }

    /// Removes and returns whether a flag was given.
    mutating func takeFlag(_ name: String) -> Bool {
        flags.remove(name) != nil
    }

    /// - Throws: `UsageError` when options remain that the command does not know.
    func rejectUnknownOptions() throws {
        if let name = options.keys.sorted().first ?? flags.sorted().first {
            throw UsageError("unknown option --\(name)")
        }
    }
}

/// Wrong command-line usage; the CLI prints it with the usage text and exits 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
