public import Foundation

/// One schema migration file, named `NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    /// Version number from the file name's leading digits.
    public let version: Int
    /// Part of the file name between the first underscore and `.sql`.
    public let name: String
    /// Location of the file.
    public let fileURL: URL
    /// SQL text of the file.
    public let sql: String
    /// SHA-256 of the file's bytes as 64 lowercase hexadecimal digits.
    public let checksum: String

    /// Creates a migration from already loaded values.
    public init(version: Int, name: String, fileURL: URL, sql: String, checksum: String) {
        self.version = version
        self.name = name
        self.fileURL = fileURL
        self.sql = sql
        self.checksum = checksum
    }

    /// File name of the migration, for example `0001_create_tenants.sql`.
    public var fileName: String { fileURL.lastPathComponent }
}
