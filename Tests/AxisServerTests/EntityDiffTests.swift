@testable import AxisServer
@testable import AxisIndex
import Testing

/// What DOC_DIFF says changed in a document's flows between two versions.
@Suite("Entity diff: flows")
struct EntityDiffTests {
    static func quantity(_ value: Double, sentence: Int = 0) -> QuantityView {
        QuantityView(value: value, valueMax: nil, qualifier: .over, unitEntityID: "weapon:artillery-shell", unitText: "shells", sentence: sentence)
    }

    static func flow(_ item: String, _ quantity: QuantityView?, modality: Flow.Modality = .reported, sentence: Int = 0) -> FlowView {
        FlowView(supplier: "country:north-korea", recipient: "country:russia", item: item, modality: modality, sentence: sentence, quantity: quantity)
    }

    static func snapshot(_ flows: [FlowView]) -> SnapshotEntities {
        SnapshotEntities(sequence: 1, entities: [], quantities: [], flows: flows)
    }

    @Test("a flow whose quantity changed is a change, not a removal and an addition; moved sentences are no change")
    func changes() {
        let old = Self.snapshot([
            Self.flow("weapon:artillery-shell", Self.quantity(2_000_000)), Self.flow("weapon:drone", nil),
            Self.flow("weapon:kn-23", Self.quantity(50), sentence: 3),
        ])
        let new = Self.snapshot([
            Self.flow("weapon:artillery-shell", Self.quantity(3_000_000, sentence: 2), sentence: 2),
            Self.flow("weapon:kn-23", Self.quantity(50, sentence: 5), sentence: 5),
            Self.flow("weapon:missile", nil),
        ])
        let diff = EntityDiff(from: old, to: new)
        #expect(diff.flowsChanged.count == 1)
        #expect(diff.flowsChanged.first?.from.quantity?.value == 2_000_000 && diff.flowsChanged.first?.to.quantity?.value == 3_000_000)
        #expect(diff.flowsAdded.map(\.item) == ["weapon:missile"])
        #expect(diff.flowsRemoved.map(\.item) == ["weapon:drone"])
    }

    @Test("another modality is another flow")
    func modality() {
        let diff = EntityDiff(
            from: Self.snapshot([Self.flow("weapon:drone", Self.quantity(10))]),
            to: Self.snapshot([Self.flow("weapon:drone", Self.quantity(20), modality: .denied)]))
        #expect(diff.flowsChanged.isEmpty && diff.flowsAdded.count == 1 && diff.flowsRemoved.count == 1)
    }
}
