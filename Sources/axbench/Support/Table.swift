/// A plain-text table with right-aligned numeric columns.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) {
        self.header = header
    }

    mutating func add(_ row: [String]) {
        self.rows.append(row)
    }

    func render() -> String {
        let all = [self.header] + self.rows
        var widths = [Int](repeating: 0, count: self.header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(self.header), rule] + self.rows.map(line)).joined(separator: "\n")
    }
}

func format(_ value: Double, decimals: Int = 1) -> String {
    var text = String(Int((value * pow10(decimals)).rounded()))
    guard decimals > 0 else { return text }
    while text.count <= decimals { text = "0" + text }
    let split = text.index(text.endIndex, offsetBy: -decimals)
    return text[..<split] + "." + text[split...]
}

private func pow10(_ exponent: Int) -> Double {
    (0..<exponent).reduce(1.0) { value, _ in value * 10 }
}
