/// A plain-text table: left-aligned first column, right-aligned numbers, a rule under the
/// header. For people; scripts get JSON.
public struct TextTable: Sendable {
    public enum Alignment: Sendable {
        case left, right
    }

    public var header: [String]
    public var alignments: [Alignment]
    public private(set) var rows: [[String]] = []

    /// - Parameter alignments: per column; by default the first column is left-aligned and
    ///   the others right-aligned.
    public init(_ header: [String], alignments: [Alignment]? = nil) {
        self.header = header
        self.alignments = alignments ?? header.indices.map { $0 == 0 ? .left : .right }
    }

    public mutating func add(_ row: [String]) {
        self.rows.append(row)
    }

    public func render() -> String {
        let all = [self.header] + self.rows
        var widths = [Int](repeating: 0, count: self.header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ row: [String]) -> String {
            var cells: [String] = []
            for (index, cell) in row.enumerated() where index < widths.count {
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                let isLast = index == widths.count - 1
                switch self.alignments[index] {
                case .left: cells.append(isLast ? cell : cell + pad)
                case .right: cells.append(pad + cell)
                }
            }
            return cells.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(self.header), rule] + self.rows.map(line)).joined(separator: "\n")
    }
}
