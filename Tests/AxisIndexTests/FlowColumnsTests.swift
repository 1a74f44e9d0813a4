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

    @Test("the snapshot finder gives each flow position its snapshot, asked in order or not, with snapshots of no flows and of hundreds between", arguments: [4, 5] as [UInt64])
    func snapshotFinder(seed: UInt64) {
        var random = Seeded(state: seed)
        var starts: [UInt32] = [0]
        var model: [UInt32] = []
        for sequence in UInt32(1)...400 {
            let roll = random.next() % 20
            let flows = roll < 4 ? 0 : roll == 19 ? 64 + Int(random.next() % 200) : Int(random.next() % 7)
            model += Array(repeating: sequence, count: flows)
            starts.append(UInt32(model.count))
        }
        starts.withUnsafeBufferPointer { starts in
            var ascending = FlowSnapshotFinder(starts: starts)
            for position in model.indices { #expect(ascending.sequence(at: position) == model[position], "position \(position)") }
            #expect(ascending.sequence(at: model.count) == 0)
            #expect(ascending.sequence(at: -1) == 0)
            var anyOrder = FlowSnapshotFinder(starts: starts)
            for _ in 0..<2_000 {
                let position = Int(random.next() % UInt64(model.count))
                #expect(anyOrder.sequence(at: position) == model[position], "position \(position)")
            }
        }
    }

    @Test("the flow table gives back every flow as added, packed or with its extras (attribution, carrier, far sentence or quantity)")
    func flowTable() {
        var random = Seeded(state: 9)
        var table = FlowTable()
        var model: [[IndexedFlow]] = []
        let modalities: [Flow.Modality] = [.asserted, .reported, .possible, .denied]
        let roles: [QuantityRole?] = [nil] + QuantityRole.allCases
        for _ in 0..<300 {
            var row: [IndexedFlow] = []
            for _ in 0..<Int(random.next() % 5) {
                let roll = random.next() % 10
                let quantity: UInt16 = roll == 0 ? 1_023 + UInt16(random.next() % 60_000) : roll < 5 ? UInt16(random.next() % 1_023) : IndexedFlow.noQuantity
                row.append(
                    IndexedFlow(
                        supplier: UInt32(random.next() % 1_000), recipient: UInt32(random.next() % 1_000),
                        supplierEntity: UInt32(random.next() % 5_000), recipientEntity: UInt32(random.next() % 5_000),
                        item: UInt32(random.next() % 9_000), modality: modalities[Int(random.next() % 4)],
                        sentence: roll == 1 ? 65_535 + UInt32(random.next() % 100_000) : UInt32(random.next() % 65_535), quantity: quantity,
                        quantityRole: quantity == IndexedFlow.noQuantity ? nil : roles[Int(random.next() % UInt64(roles.count))],
                        attribution: roll == 2 ? UInt32(random.next() % 5_000) : IndexedFlow.none,
                        via: roll == 3 ? UInt32(random.next() % 5_000) : IndexedFlow.none))
            }
            table.appendRow(row)
            model.append(row)
        }
        #expect(table.rowCount == model.count)
        #expect(table.count == model.reduce(0) { $0 + $1.count })
        for (index, row) in model.enumerated() { #expect(table[index] == row, "row \(index)") }
        let flat = model.flatMap { $0 }
        for position in flat.indices { #expect(table.flow(at: position) == flat[position]) }
        #expect(table.flow(at: flat.count) == nil)
        #expect(table[model.count].isEmpty)
    }
}
