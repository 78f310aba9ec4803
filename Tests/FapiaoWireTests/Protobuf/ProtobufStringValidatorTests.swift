import Testing

@testable import FapiaoWire

@Suite("String fields of decoded messages")
struct ProtobufStringValidatorTests {
    /// CallStart with `method` given as raw bytes: field 1, wire type 2.
    func callStart(method: [UInt8]) -> [UInt8] {
        [0x0a, UInt8(method.count)] + method
    }

    @Test("NUL byte in a string is rejected")
    func nulByte() {
        #expect(throws: ProtobufDecodingError.self) {
            try CallStart.decode(callStart(method: Array("/a.B/C".utf8) + [0] + Array("x".utf8)))
        }
        do {
            _ = try CallStart.decode(callStart(method: [0x2f, 0x00, 0x41]))
        } catch let error as ProtobufDecodingError {
            #expect(error.reason == "method contains a NUL byte")
            #expect(error.description.contains("method"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("invalid UTF-8 is rejected")
    func invalidUTF8() {
        for bytes: [UInt8] in [[0xff], [0xc0, 0xaf], [0x61, 0xe4, 0xb8]] {
            #expect(throws: ProtobufDecodingError.self, "\(bytes)") {
                try CallStart.decode(callStart(method: bytes))
            }
        }
    }

    @Test("nested string fields are checked")
    func nested() throws {
        // CallStart.metadata (field 3) holding MetadataEntry.key (field 1) = 0xFF.
        let entry: [UInt8] = [0x0a, 0x01, 0xff]
        let bytes: [UInt8] = [0x1a, UInt8(entry.count)] + entry
        do {
            _ = try CallStart.decode(bytes)
            Issue.record("accepted an invalid metadata key")
        } catch let error as ProtobufDecodingError {
            #expect(error.reason == "metadata.key is not valid UTF-8")
        }
        // A bytes field may hold anything.
        let value: [UInt8] = [0x0a, 0x01, 0x61, 0x12, 0x02, 0x00, 0xff]
        let valid = try CallStart.decode([0x1a, UInt8(value.count)] + value)
        #expect(valid.metadata.entries.first?.value == [0x00, 0xff])
    }

    @Test("valid text passes")
    func validText() throws {
        let start = try CallStart.decode(callStart(method: Array("/发票.v1.S/M".utf8)))
        #expect(start.method == "/发票.v1.S/M")
    }
}
