/// Streaming RFC 4180 record reader: returns one record's fields at a time
/// and handles quoted commas, double quotes and line breaks.
///
/// Records end with CR LF or LF. A CR outside quotes anywhere else, a
/// double quote inside an unquoted field, text after a closing quote and
/// an unterminated quoted field are errors.
final class CSVRecordReader {
    private let source: ByteSource
    /// 1-based line on which the record returned last starts.
    private(set) var recordLineNumber = 0
    private var lineNumber = 1

    init(source: ByteSource) {
        self.source = source
    }

    /// Returns the next record's fields, or nil at the end of the input.
    func nextRecord() throws -> [String]? {
        guard try source.peekByte() != nil else { return nil }
        recordLineNumber = lineNumber
        var fields: [String] = []
        var field: [UInt8] = []
        var recordLength = 0
        while true {
            let byte = try source.readByte()
            recordLength += 1
            try source.checkLength(recordLength)
            switch byte {
            case nil:
                fields.append(try makeString(field))
                return fields
            case UInt8(ascii: ","):
                fields.append(try makeString(field))
                field = []
            case UInt8(ascii: "\""):
                guard field.isEmpty else {
                    throw invalid("double quote inside an unquoted field")
                }
                try readQuoted(into: &field, recordLength: &recordLength)
                let next = try source.peekByte()
                guard next == nil || next == UInt8(ascii: ",") || next == 0x0D || next == 0x0A
                else {
                    throw invalid("text after the closing double quote of a field")
                }
            case 0x0D:
                guard try source.readByte() == 0x0A else {
                    throw invalid("carriage return outside double quotes")
                }
                fields.append(try makeString(field))
                lineNumber += 1
                return fields
            case 0x0A:
                fields.append(try makeString(field))
                lineNumber += 1
                return fields
            case let byte?:
                field.append(byte)
            }
        }
    }

    /// Reads a quoted field's content after its opening double quote, up to
    /// and including the closing double quote.
    private func readQuoted(into field: inout [UInt8], recordLength: inout Int) throws {
        while true {
            guard let byte = try source.readByte() else {
                throw invalid("unterminated quoted field")
            }
            recordLength += 1
            try source.checkLength(recordLength)
            if byte == UInt8(ascii: "\"") {
                guard try source.peekByte() == UInt8(ascii: "\"") else { return }
                _ = try source.readByte()
                recordLength += 1
            } else if byte == 0x0A {
                lineNumber += 1
            }
            field.append(byte)
        }
    }

    private func makeString(_ bytes: [UInt8]) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw invalid("field is not valid UTF-8")
        }
        return text
    }

    private func invalid(_ message: String) -> AuditError {
        AuditError(
            operation: "parse CSV", reasons: ["line \(recordLineNumber): \(message)"])
    }
}
