/// Numbers for entities: the gazetteer's first (in id order), then people the extractor
/// discovered, as they appear. The index stores these 32-bit ordinals, not id strings.
struct EntityDictionary: Sendable {
    struct Entry: Sendable, Hashable {
        var id: String
        var type: EntityType
        var name: String
        /// Found by the extractor (a person introduced by a title or a reporting verb), not in the gazetteer.
        var discovered: Bool
    }

    private(set) var entries: [Entry] = []
    private var ordinals: [String: UInt32] = [:]
    /// Discovered people by folded name, for `resolve`.
    private var discoveredByName: [String: UInt32] = [:]
    /// Per gazetteer entity: its `parent`'s ordinal, or `noParent` (item classes for flows).
    private(set) var parents: [UInt32] = []
    static let noParent = UInt32.max

    init(gazetteer: Gazetteer) {
        self.entries.reserveCapacity(gazetteer.entities.count)
        for record in gazetteer.entities {
            self.add(Entry(id: record.id, type: record.type, name: record.name, discovered: false))
        }
        self.parents = gazetteer.entities.map { record in record.parent.flatMap { self.ordinals[$0] } ?? Self.noParent }
    }

    /// Per ordinal: whether the entity is one of `classes` or below one of them in the chain
    /// of parents (a weapon or item class includes its members).
    func classMembers(of classes: [UInt32]) -> [Bool] {
        let wanted = Set(classes)
        return self.entries.indices.map { ordinal in
            var current = UInt32(ordinal)
            for _ in 0..<16 {
                if wanted.contains(current) { return true }
                guard Int(current) < self.parents.count, self.parents[Int(current)] != Self.noParent else { return false }
                current = self.parents[Int(current)]
            }
            return false
        }
    }

    var count: Int { self.entries.count }

    func ordinal(of id: String) -> UInt32? { self.ordinals[id] }

    subscript(ordinal: UInt32) -> Entry? {
        Int(ordinal) < self.entries.count ? self.entries[Int(ordinal)] : nil
    }

    /// The ordinal of `id`, adding it as a discovered entity when it is new.
    mutating func ordinal(of id: String, type: EntityType, name: String?) -> UInt32 {
        if let ordinal = self.ordinals[id] { return ordinal }
        return self.add(Entry(id: id, type: type, name: name ?? id, discovered: true))
    }

    /// A discovered entity by name (case and punctuation folded), or nil.
    func discovered(named name: String) -> UInt32? {
        self.discoveredByName[FormFolding.key(name)]
    }

    @discardableResult
    mutating func add(_ entry: Entry) -> UInt32 {
        let ordinal = UInt32(self.entries.count)
        self.entries.append(entry)
        self.ordinals[entry.id] = ordinal
        if entry.discovered { self.discoveredByName[FormFolding.key(entry.name)] = ordinal }
        return ordinal
    }
}
