/// Computes the tax of invoice lines under a rounding policy, exactly.
///
/// Rounding is half away from zero to `scale` digits. Under per-rate
/// rounding the tax of each rate is rounded once, over the sum of that
/// rate's line amounts, and then allocated to the lines by the largest
/// remainder method, so that the line taxes still add up to the rate's tax.
enum TaxCalculator {
    /// Returns the tax of each line, in the order of `lines`.
    static func lineTaxes(
        amounts: [ExactDecimal], rates: [ExactDecimal], rounding: InvoicePolicy.TaxRounding,
        scale: Int
    ) -> [ExactDecimal] {
        precondition(amounts.count == rates.count, "one rate per amount")
        let exact = zip(amounts, rates).map { $0 * $1 }
        var taxes = exact.map { $0.rounded(toScale: scale) }
        guard rounding == .perRate else { return taxes }

        let minorUnit = ExactDecimal(significand: 1, scale: scale)
        for rate in Set(rates.map(\.normalized)) {
            let indices = rates.indices.filter { rates[$0].normalized == rate }
            let rateTotal = indices.map { amounts[$0] }.reduce(ExactDecimal.zero, +) * rate
            let target = rateTotal.rounded(toScale: scale)
            var difference = target - indices.map { taxes[$0] }.reduce(ExactDecimal.zero, +)
            // Remainder of each line: what its rounding dropped (positive) or added (negative).
            let remainders = indices.map { (index: $0, remainder: exact[$0] - taxes[$0]) }
            let upward = remainders.sorted {
                $0.remainder == $1.remainder ? $0.index < $1.index : $0.remainder > $1.remainder
            }
            let downward = remainders.sorted {
                $0.remainder == $1.remainder ? $0.index < $1.index : $0.remainder < $1.remainder
            }
            var step = 0
            while !difference.isZero {
                if difference.isNegative {
                    let index = downward[step % downward.count].index
                    taxes[index] = taxes[index] - minorUnit
                    difference = difference + minorUnit
                } else {
                    let index = upward[step % upward.count].index
                    taxes[index] = taxes[index] + minorUnit
                    difference = difference - minorUnit
                }
                step += 1
            }
        }
        return taxes
    }
}
