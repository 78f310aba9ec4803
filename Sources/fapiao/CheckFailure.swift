/// A check that ran to the end and found differences, such as invoices
/// whose content hash does not match. The command prints the differences
/// first, and then the CLI prints this message and exits 1.
struct CheckFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
