import AxisCodec
import AxisIndex

/// What changed in the index's view of a document between two versions: entities whose
/// mention count differs, and quantities and flows present in only one of them (compared
/// without their sentence numbers, which shift when text is edited).
struct EntityDiff {
    var entities: [EntityChangeMessage] = []
    var quantitiesAdded: [QuantityView] = []
    var quantitiesRemoved: [QuantityView] = []
    var flowsAdded: [FlowView] = []
    var flowsRemoved: [FlowView] = []
    /// Flows in both versions (same parties, item and modality) whose quantity changed.
    var flowsChanged: [(from: FlowView, to: FlowView)] = []

    init(from old: SnapshotEntities, to new: SnapshotEntities) {
        let before = Dictionary(old.entities.map { ($0.entity.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.entities.map { ($0.entity.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [EntityChangeMessage] = []
        for id in Set(before.keys).union(after.keys) {
            let from = before[id]?.count ?? 0
            let to = after[id]?.count ?? 0
            guard from != to, let entity = (after[id] ?? before[id])?.entity else { continue }
            changes.append(
                EntityChangeMessage(
                    entity: EntitySummaryMessage(id: entity.id, type: entity.type.rawValue, name: entity.name, discovered: entity.discovered),
                    fromCount: UInt64(from), toCount: UInt64(to)))
        }
        // Added first, then removed, then changed counts; each by size of the change.
        self.entities = changes.sorted { a, b in
            func rank(_ change: EntityChangeMessage) -> Int { change.fromCount == 0 ? 0 : change.toCount == 0 ? 1 : 2 }
            let deltaA = abs(Int64(a.toCount) - Int64(a.fromCount))
            let deltaB = abs(Int64(b.toCount) - Int64(b.fromCount))
            return (rank(a), -deltaA, a.entity.id) < (rank(b), -deltaB, b.entity.id)
        }
        (self.quantitiesAdded, self.quantitiesRemoved) = Self.difference(old.quantities, new.quantities) { quantity in
            var key = quantity
            key.sentence = 0
            return key
        }
        // Flows are matched by parties, item and modality; a matched pair whose quantity
        // differs is a change ("100 missiles" became "200 missiles"), not a removal and an addition.
        let flowKey = { (flow: FlowView) -> [String] in [flow.supplier, flow.recipient, flow.item, flow.modality.rawValue] }
        (self.flowsAdded, self.flowsRemoved) = Self.difference(old.flows, new.flows) { flow in
            var key = flow
            key.sentence = 0
            key.quantity?.sentence = 0
            return key
        }
        let (added, removed) = (self.flowsAdded, self.flowsRemoved)
        var unmatched = removed
        for flow in added {
            guard let match = unmatched.firstIndex(where: { flowKey($0) == flowKey(flow) }) else { continue }
            let before = unmatched.remove(at: match)
            guard before.quantity?.value != flow.quantity?.value || before.quantity?.valueMax != flow.quantity?.valueMax else { continue }
            self.flowsChanged.append((before, flow))
        }
        let changedBefore = self.flowsChanged.map(\.from)
        let changedAfter = self.flowsChanged.map(\.to)
        self.flowsAdded = Self.difference(changedAfter, added) { $0 }.added
        self.flowsRemoved = Self.difference(changedBefore, removed) { $0 }.added
    }

    /// Items of `new` not in `old`, and of `old` not in `new`, as multisets by `key`.
    static func difference<Item, Key: Hashable>(_ old: [Item], _ new: [Item], key: (Item) -> Key) -> (added: [Item], removed: [Item]) {
        var remaining: [Key: Int] = [:]
        for item in old { remaining[key(item), default: 0] += 1 }
        var added: [Item] = []
        for item in new {
            let itemKey = key(item)
            if let count = remaining[itemKey], count > 0 {
                remaining[itemKey] = count - 1
            } else {
                added.append(item)
            }
        }
        var removed: [Item] = []
        for item in old {
            let itemKey = key(item)
            if let count = remaining[itemKey], count > 0 {
                removed.append(item)
                remaining[itemKey] = count - 1
            }
        }
        return (added, removed)
    }
}
