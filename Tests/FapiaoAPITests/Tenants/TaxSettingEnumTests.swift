import FapiaoAPI
import Testing

@Suite struct TaxRoundingTests {
    @Test func protoNames() {
        #expect(TaxRounding.unspecified.protoName == "TAX_ROUNDING_UNSPECIFIED")
        #expect(TaxRounding.perLine.protoName == "TAX_ROUNDING_PER_LINE")
        #expect(TaxRounding.perRate.protoName == "TAX_ROUNDING_PER_RATE")
    }

    @Test func storageNames() {
        #expect(TaxRounding.perLine.storageName == "per_line")
        #expect(TaxRounding.perRate.storageName == "per_rate")
    }

    @Test func storageNameParsing() {
        #expect(TaxRounding(storageName: "per_line") == .perLine)
        #expect(TaxRounding(storageName: "per_rate") == .perRate)
        #expect(TaxRounding(storageName: "per_invoice") == nil)
        #expect(TaxRounding(storageName: "PER_LINE") == nil)
    }

    @Test func protoNumbers() {
        #expect(TaxRounding(protoNumber: 2) == .perRate)
        #expect(TaxRounding(protoNumber: 3) == .unspecified)
        #expect(TaxRounding.perLine.protoNumber == 1)
    }
}

@Suite struct TaxIDCheckTests {
    @Test func protoNames() {
        #expect(TaxIDCheck.unspecified.protoName == "TAX_ID_CHECK_UNSPECIFIED")
        #expect(TaxIDCheck.strict.protoName == "TAX_ID_CHECK_STRICT")
        #expect(TaxIDCheck.warn.protoName == "TAX_ID_CHECK_WARN")
    }

    @Test func storageNames() {
        #expect(TaxIDCheck.strict.storageName == "strict")
        #expect(TaxIDCheck.warn.storageName == "warn")
    }

    @Test func storageNameParsing() {
        #expect(TaxIDCheck(storageName: "strict") == .strict)
        #expect(TaxIDCheck(storageName: "warn") == .warn)
        #expect(TaxIDCheck(storageName: "off") == nil)
        #expect(TaxIDCheck(storageName: "WARN") == nil)
    }

    @Test func protoNumbers() {
        #expect(TaxIDCheck(protoNumber: 1) == .strict)
        #expect(TaxIDCheck(protoNumber: 7) == .unspecified)
        #expect(TaxIDCheck.warn.protoNumber == 2)
    }
}
