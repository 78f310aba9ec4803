/// Arguments split into positionals and `--name value` / `--flag` options.
struct CommandLineArguments {
    var positionals: [String] = []
    /// Values of each option in the order given; an option may be repeated.
    var options: [String: [String]] = [:]
    var flags: Set<String> = []
    /// The last argument when it is an option without a value, and whether a
    /// command asked for that option. `rejectUnknownOptions()` reports it.
    private var dangling: (name: String, known: Bool)?

    /// Options that take no value.
    static let flagNames: Set<String> = ["json", "help", "all", "no-year"]

    init(_ arguments: some Sequence<String>) throws {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            if let equals = name.firstIndex(of: "=") {
                options[String(name[..<equals]), default: []].append(String(name[name.index(after: equals)...]))
                continue
            }
            if CommandLineArguments.flagNames.contains(name) {
                flags.insert(name)
                continue
            }
            guard let value = iterator.next() else {
                // Whether this is a known option without its value or an
                // unknown option is clear once the command took its options.
                dangling = (name.lowercased(), false)
                continue
            }
            name = name.lowercased()
            options[name, default: []].append(value)
        }
    }

    /// Removes an option and returns its value. When the option is repeated,
    /// the last value wins.
    mutating func take(_ name: String) -> String? {
        if dangling?.name == name { dangling?.known = true }
        return options.removeValue(forKey: name)?.last
    }

    /// Removes a repeatable option and returns every value in the order given.
    mutating func takeAll(_ name: String) -> [String] {
        if dangling?.name == name { dangling?.known = true }
        return options.removeValue(forKey: name) ?? []
    }

    /// Removes and returns whether a flag was given.
    mutating func takeFlag(_ name: String) -> Bool {
        flags.remove(name) != nil
    }

    /// Returns the positionals after COMMAND and ACTION.
    ///
    /// - Parameter names: the operand names for the error message, such as `["ID"]`.
    /// - Throws: `UsageError` unless there are exactly `names.count` of them.
    func operands(_ names: String..., of command: String) throws -> [String] {
        let operands = Array(positionals.dropFirst(2))
        guard operands.count == names.count else {
            let expected = names.isEmpty ? "no arguments" : names.joined(separator: " ")
            throw UsageError(
                "wrong number of arguments for '\(command)': expected \(expected), got \(operands.count)")
        }
        return operands
    }

    /// - Throws: `UsageError` when options remain that the command does not know,
    ///   or when the last option, one that the command takes, has no value.
    func rejectUnknownOptions() throws {
        if let name = options.keys.sorted().first ?? flags.sorted().first {
            throw UsageError("unknown option --\(name)")
        }
        if let dangling {
            throw UsageError(
                dangling.known
                    ? "option --\(dangling.name) needs a value"
                    : "unknown option --\(dangling.name)")
        }
    }
}

/// Wrong command-line usage; the CLI prints it with the usage text and exits 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
