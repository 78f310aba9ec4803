import Foundation

/// Streaming reader of the entries file in a bundle, in either format,
/// with one record of lookahead.
///
/// Not shared between threads.
final class EntryRecordStream {
    struct Record {
        var entry: AuditEntry
        /// 1-based line on which the record starts.
        var lineNumber: Int
    }

    private let format: AuditEntryFormat
    private let source: ByteSource
    private let csvReader: CSVRecordReader
    private var lineNumber = 0
    private var peeked: Record??

    init(format: AuditEntryFormat, handle: FileHandle) throws {
        self.format = format
        source = ByteSource(fileHandle: handle)
        csvReader = CSVRecordReader(source: source)
        if format == .csv {
            guard let header = try csvReader.nextRecord() else {
                throw VerificationFailure("\(format.fileName): the header record is missing")
            }
            try rethrowNamed { try AuditCSV.checkHeader(header, lineNumber: 1) }
        }
    }

    /// Returns the next record without consuming it, or nil at the end.
    func peek() throws -> Record? {
        if let peeked {
            return peeked
        }
        let record = try read()
        peeked = .some(record)
        return record
    }

    /// Returns and consumes the next record, or nil at the end.
    func next() throws -> Record? {
        if let peeked {
            self.peeked = nil
            return peeked
        }
        return try read()
    }

    private func read() throws -> Record? {
        switch format {
        case .jsonl:
            guard let line = try rethrowNamed({ try source.readLine() }) else { return nil }
            lineNumber += 1
            let number = lineNumber
            let entry = try rethrowNamed {
                try AuditJSONLines.decodeEntry(bytes: line.bytes, lineNumber: number)
            }
            return Record(entry: entry, lineNumber: number)
        case .csv:
            guard let fields = try rethrowNamed({ try csvReader.nextRecord() }) else {
                return nil
            }
            let number = csvReader.recordLineNumber
            let entry = try rethrowNamed {
                try AuditCSV.decodeEntry(fields: fields, lineNumber: number)
            }
            return Record(entry: entry, lineNumber: number)
        }
    }

    /// Runs `body` and turns an `AuditError` into a failure that names the file.
    private func rethrowNamed<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as AuditError {
            let reason = error.reasons.joined(separator: "; ")
            let separator = reason.hasPrefix("line ") ? " " : ": "
            throw VerificationFailure(format.fileName + separator + reason)
        }
    }
}

/// The first failed check of a bundle, as the report's `failure` text.
struct VerificationFailure: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
