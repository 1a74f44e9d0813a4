/// A line diff (Myers' O(ND) algorithm) and its unified-diff hunks.
///
/// Articles change by a few sentences between fetches, so D (the number of changed lines) is
/// small and the algorithm fast. When D passes `maxEdits`, the diff degrades to "everything
/// removed, everything added" instead of running long: still correct, just not minimal.
enum LineDiff {
    enum Edit: Equatable {
        case keep(fromLine: Int, toLine: Int)
        case remove(fromLine: Int)
        case add(toLine: Int)
    }

    static let maxEdits = 20_000

    /// The edit script turning `from` into `to` (line indexes, 0-based).
    static func edits(from: [Substring], to: [Substring]) -> [Edit] {
        let n = from.count
        let m = to.count
        let maxD = min(n + m, Self.maxEdits)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...maxD {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n && y < m && from[x] == to[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m {
                    found = true
                    break outer
                }
            }
        }
        guard found else {
            return (0..<n).map { .remove(fromLine: $0) } + (0..<m).map { .add(toLine: $0) }
        }
        // Walk the trace backwards.
        var result: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let vd = trace[d]
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && vd[offset + k - 1] < vd[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = vd[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                x -= 1
                y -= 1
                result.append(.keep(fromLine: x, toLine: y))
            }
            if d > 0 {
                if x == previousX {
                    result.append(.add(toLine: previousY))
                } else {
                    result.append(.remove(fromLine: previousX))
                }
            }
            x = previousX
            y = previousY
        }
        return result.reversed()
    }

    /// A hunk of a unified diff: 1-based starts, counts, and its lines.
    struct Hunk: Equatable {
        var fromStart: Int
        var fromCount: Int
        var toStart: Int
        var toCount: Int
        var lines: [(kind: Kind, text: Substring)]

        enum Kind: Equatable {
            case context, added, removed
        }

        static func == (lhs: Hunk, rhs: Hunk) -> Bool {
            lhs.fromStart == rhs.fromStart && lhs.fromCount == rhs.fromCount && lhs.toStart == rhs.toStart
                && lhs.toCount == rhs.toCount && lhs.lines.map(\.kind) == rhs.lines.map(\.kind)
                && lhs.lines.map(\.text) == rhs.lines.map(\.text)
        }
    }

    /// Groups an edit script into hunks with `context` unchanged lines around each change.
    static func hunks(from: [Substring], to: [Substring], edits: [Edit], context: Int) -> [Hunk] {
        let changeIndexes = edits.indices.filter {
            if case .keep = edits[$0] { return false }
            return true
        }
        guard !changeIndexes.isEmpty else { return [] }
        // Ranges of edit indexes, each change padded with context, overlapping ones merged.
        var ranges: [ClosedRange<Int>] = []
        for index in changeIndexes {
            let range = max(0, index - context)...min(edits.count - 1, index + context)
            if let last = ranges.last, range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
        return ranges.map { range in
            var hunk = Hunk(fromStart: 0, fromCount: 0, toStart: 0, toCount: 0, lines: [])
            var fromFirst: Int?
            var toFirst: Int?
            for edit in edits[range] {
                switch edit {
                case .keep(let fromLine, let toLine):
                    fromFirst = fromFirst ?? fromLine
                    toFirst = toFirst ?? toLine
                    hunk.fromCount += 1
                    hunk.toCount += 1
                    hunk.lines.append((.context, from[fromLine]))
                case .remove(let fromLine):
                    fromFirst = fromFirst ?? fromLine
                    hunk.fromCount += 1
                    hunk.lines.append((.removed, from[fromLine]))
                case .add(let toLine):
                    toFirst = toFirst ?? toLine
                    hunk.toCount += 1
                    hunk.lines.append((.added, to[toLine]))
                }
            }
            // Unified-diff convention: an empty side starts at the line before (0 if none).
            hunk.fromStart = hunk.fromCount == 0 ? Self.lineBefore(range, edits, side: .from) : (fromFirst ?? 0) + 1
            hunk.toStart = hunk.toCount == 0 ? Self.lineBefore(range, edits, side: .to) : (toFirst ?? 0) + 1
            return hunk
        }
    }

    private enum Side { case from, to }

    private static func lineBefore(_ range: ClosedRange<Int>, _ edits: [Edit], side: Side) -> Int {
        var index = range.lowerBound - 1
        while index >= 0 {
            switch (edits[index], side) {
            case (.keep(let fromLine, _), .from), (.remove(let fromLine), .from): return fromLine + 1
            case (.keep(_, let toLine), .to), (.add(let toLine), .to): return toLine + 1
            default: index -= 1
            }
        }
        return 0
    }

    /// Splits text into lines (without the newline characters).
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }
}
