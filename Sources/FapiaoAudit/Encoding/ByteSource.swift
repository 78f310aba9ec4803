import Foundation

/// Buffered reader of bytes from a file or memory, for streaming export
/// files line by line or record by record with flat memory use.
///
/// Not shared between threads.
final class ByteSource {
    /// Maximum length of one line or CSV record, so that a file without
    /// line breaks cannot exhaust memory.
    /// NOTE: An estimate. A 4 MiB entry whose text is all control
    /// characters grows to 24 MiB as JSON escapes, and this limit leaves room above that.
    static let maximumRecordLength = 64 * 1024 * 1024

    private static let chunkSize = 1024 * 1024

    private let fileHandle: FileHandle?
    private var buffer: [UInt8]
    private var position = 0
    private var reachedEnd: Bool

    init(fileHandle: FileHandle) {
        self.fileHandle = fileHandle
        buffer = []
        reachedEnd = false
    }

    init(bytes: [UInt8]) {
        fileHandle = nil
        buffer = bytes
        reachedEnd = true
    }

    /// Returns the next byte, or nil at the end of the input.
    func readByte() throws -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        let byte = buffer[position]
        position += 1
        return byte
    }

    /// Returns the next byte without consuming it, or nil at the end of the input.
    func peekByte() throws -> UInt8? {
        if position == buffer.count {
            guard try refill() else { return nil }
        }
        return buffer[position]
    }

    /// Returns the bytes up to the next line feed, without it, or nil at
    /// the end of the input. `endsWithLineFeed` is false only for a last
    /// line that lacks its line feed.
    func readLine() throws -> (bytes: [UInt8], endsWithLineFeed: Bool)? {
        var line: [UInt8] = []
        while true {
            if position == buffer.count {
                guard try refill() else {
                    return line.isEmpty ? nil : (line, false)
                }
            }
            if let lineFeed = buffer[position...].firstIndex(of: 0x0A) {
                line.append(contentsOf: buffer[position..<lineFeed])
                position = lineFeed + 1
                try checkLength(line.count)
                return (line, true)
            }
            line.append(contentsOf: buffer[position...])
            position = buffer.count
            try checkLength(line.count)
        }
    }

    func checkLength(_ length: Int) throws {
        guard length <= Self.maximumRecordLength else {
            throw AuditError(
                operation: "read record",
                reasons: ["a record is longer than \(Self.maximumRecordLength) bytes"])
        }
    }

    /// Replaces the consumed buffer with the next chunk of the file.
    /// Returns false at the end of the input.
    private func refill() throws -> Bool {
        guard !reachedEnd, let fileHandle else { return false }
        let chunk: Data?
        do {
            chunk = try fileHandle.read(upToCount: Self.chunkSize)
        } catch {
            throw AuditError(operation: "read file", reasons: [error.localizedDescription])
        }
        guard let chunk, !chunk.isEmpty else {
            reachedEnd = true
            return false
        }
        buffer = Array(chunk)
        position = 0
        return true
    }
}
