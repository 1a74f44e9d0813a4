@testable import AxisServer
import AxisTestSupport
import Testing

@Suite("Line diff")
struct LineDiffTests {
    static func apply(_ edits: [LineDiff.Edit], from: [Substring], to: [Substring]) -> [Substring] {
        edits.compactMap { edit in
            switch edit {
            case .keep(let fromLine, _): from[fromLine]
            case .add(let toLine): to[toLine]
            case .remove: nil
            }
        }
    }

    @Test("the edit script turns old into new, with no more changes than needed")
    func minimal() {
        let from = LineDiff.lines("a\nb\nc\nd\n")
        let to = LineDiff.lines("a\nB\nc\nd\ne\n")
        let edits = LineDiff.edits(from: from, to: to)
        #expect(Self.apply(edits, from: from, to: to) == to)
        #expect(edits.filter { if case .keep = $0 { false } else { true } }.count == 3)
    }

    @Test("random edits always reconstruct (seeded)")
    func randomized() {
        var random = SplitMix64(seed: 77)
        for _ in 0..<300 {
            let from = (0..<Int(random.next() % 30)).map { _ in Substring("l\(random.next() % 6)") }
            var to = from
            for _ in 0..<Int(random.next() % 8) {
                switch random.next() % 3 {
                case 0 where !to.isEmpty: to.remove(at: Int(random.next() % UInt64(to.count)))
                case 1: to.insert(Substring("n\(random.next() % 6)"), at: Int(random.next() % UInt64(to.count + 1)))
                default: if !to.isEmpty { to[Int(random.next() % UInt64(to.count))] = "x" }
                }
            }
            #expect(Self.apply(LineDiff.edits(from: from, to: to), from: from, to: to) == to)
        }
    }

    @Test("hunks carry context and 1-based positions, as in a unified diff")
    func hunks() {
        let from = LineDiff.lines((1...10).map { "line \($0)" }.joined(separator: "\n"))
        var toLines = (1...10).map { "line \($0)" }
        toLines[4] = "changed"
        let to = toLines.map { Substring($0) }
        let hunks = LineDiff.hunks(from: from, to: to, edits: LineDiff.edits(from: from, to: to), context: 2)
        #expect(hunks.count == 1)
        #expect(hunks[0].fromStart == 3 && hunks[0].fromCount == 5 && hunks[0].toStart == 3 && hunks[0].toCount == 5)
        #expect(hunks[0].lines.map(\.kind) == [.context, .context, .removed, .added, .context, .context])
    }

    @Test("identical texts have no hunks; an empty side starts at 0")
    func edges() {
        let text = LineDiff.lines("x\ny\n")
        #expect(LineDiff.hunks(from: text, to: text, edits: LineDiff.edits(from: text, to: text), context: 3).isEmpty)
        let added = LineDiff.hunks(from: [], to: text, edits: LineDiff.edits(from: [], to: text), context: 3)
        #expect(added.count == 1 && added[0].fromStart == 0 && added[0].fromCount == 0 && added[0].toStart == 1 && added[0].toCount == 2)
    }
}
