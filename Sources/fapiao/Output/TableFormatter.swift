/// Aligns text in columns for a terminal, counting East Asian wide
/// characters as two columns.
enum TableFormatter {
    /// Renders `rows` under `header`, each column as wide as its widest cell.
    /// Columns in `rightAligned` are padded on the left, the others on the right.
    static func table(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let allRows = [header] + rows
        let widths = header.indices.map { column in
            allRows.map { displayWidth($0[column]) }.max() ?? 0
        }
        let lines = allRows.map { row in
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - displayWidth(cell))
                if rightAligned.contains(column) { return padding + cell }
                // The last left-aligned cell needs no padding, which would only
                // leave trailing spaces.
                return column == row.count - 1 ? cell : cell + padding
            }
            return cells.joined(separator: "  ")
        }
        return lines.joined(separator: "\n")
    }

    /// Renders one `label  value` line per field, with the values aligned.
    static func fields(_ fields: [(label: String, value: String)]) -> String {
        let width = fields.map { displayWidth($0.label) }.max() ?? 0
        let lines = fields.map { field in
            let padding = String(repeating: " ", count: width - displayWidth(field.label))
            return field.label + padding + "  " + field.value
        }
        return lines.joined(separator: "\n")
    }

    /// Columns a terminal uses for `text`: two for East Asian wide
    /// characters (CJK ideographs, kana, Hangul, full-width forms), one otherwise.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
                0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                width + 2
            default:
                width + 1
            }
        }
    }
}
