@testable import AxisIndex
import Testing

/// The compact columns the flow index keeps by flow position, checked against plain arrays.
@Suite("Flow columns")
struct FlowColumnsTests {
    @Test("a sparse column gives each row's value or nil, across word boundaries and past the end", arguments: [1, 2, 3] as [UInt64])
    func sparseColumn(seed: UInt64) {
        var random = Seeded(state: seed)
        var column = SparseColumn<UInt32>()
        var model: [UInt32?] = []
        // Runs of present and absent rows, some longer than a word.
        while model.count < 1_000 {
            let present = random.next() % 2 == 0
            for _ in 0..<(1 + Int(random.next() % 150)) {
                let value: UInt32? = present ? UInt32(truncatingIfNeeded: random.next()) : nil
                column.append(value)
                model.append(value)
            }
        }
        for row in model.indices { #expect(column[row] == model[row], "row \(row)") }
        #expect(column[-1] == nil)
        #expect(column[model.count] == nil)
        #expect(column[model.count + 64] == nil)
        #expect(column.values.count == model.compactMap { $0 }.count)
    }

    @Test("the snapshot map gives each flow position its snapshot, with snapshots of no flows and of hundreds between", arguments: [4, 5] as [UInt64])
    func snapshotMap(seed: UInt64) {
        var random = Seeded(state: seed)
        var map = FlowSnapshotMap()
        var model: [UInt32] = []
        for sequence in UInt32(1)...400 {
            // Most snapshots state a few flows, some none, a few hundreds (a word starts inside them).
            let roll = random.next() % 20
            let flows = roll < 4 ? 0 : roll == 19 ? 64 + Int(random.next() % 200) : Int(random.next() % 7)
            map.append(flows: flows, sequence: sequence)
            model += Array(repeating: sequence, count: flows)
        }
        #expect(map.count == model.count)
        for position in model.indices { #expect(map.sequence(at: position) == model[position], "position \(position)") }
        #expect(map.sequence(at: model.count) == 0)
        #expect(map.sequence(at: -1) == 0)
    }
}
