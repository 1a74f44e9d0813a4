/// Sums matching flows per supplier → recipient : item (roll-ups) with ordinals only: an
/// open-addressing table finds a flow's group (one multiply and a probe or two, where a
/// Dictionary hashed three integers per flow), and a group keeps counters and a bitmap of
/// sources rather than sets.
struct FlowGroupCounter {
    struct Key: Hashable {
        var supplier: UInt32
        var recipient: UInt32
        var item: UInt32
    }

    /// 128 bytes, in an order that leaves little padding: a kept block holds one per group
    /// per party asked (it was 176).
    struct Group {
        var key: Key
        /// The last snapshot counted: a group's flows arrive in ascending sequence, so a
        /// document (one visible snapshot) counts once.
        var lastSequence: UInt32 = 0
        var documents: Int32 = 0
        var sources: Int32 = 0
        /// Statements per modality, in `Flow.Modality.allCases` order.
        var modalityCounts: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        var firstDay = Int32.max
        var lastDay = Int32.min
        var bestStrength: Int32 = -1
        var best: FlowHit
        /// Its newest statement, for the order of equal groups.
        var newest: FlowHit
        var latestQuantity: FlowHit?
        /// Bit `s` set for source ordinal `s` below 128 (inline: most corpora have a few dozen
        /// sources); the counter keeps the rest. A plain value: updating a group retains nothing.
        var sourceBits: (UInt64, UInt64) = (0, 0)
        /// The quantities' range (infinities while there is none).
        var low = Double.infinity
        var high = -Double.infinity

        var quantityMin: Double? { self.low == .infinity ? nil : self.low }
        var quantityMax: Double? { self.high == -.infinity ? nil : self.high }

        var modalities: [Flow.Modality: Int] {
            [
                .asserted: Int(self.modalityCounts.0), .reported: Int(self.modalityCounts.1), .possible: Int(self.modalityCounts.2),
                .denied: Int(self.modalityCounts.3),
            ]
            .filter { $0.value > 0 }
        }
    }

    private var groups: [Group] = []
    /// The groups' keys, apart, so that a probe reads 12 bytes and not a whole group.
    private var keys: [Key] = []
    /// Sources with an ordinal of 128 or more, per group.
    private var moreSources: [Int: Set<UInt32>] = [:]
    /// Open addressing: group index + 1 per slot, 0 for empty; a power of two in size.
    private var slots = [Int32](repeating: 0, count: 64)

    mutating func add(
        _ key: Key, modality: Flow.Modality, hasQuantity: Bool, hit: FlowHit, source: UInt32, quantity: (value: Double, upper: Double?)?
    ) {
        let index = self.group(key, first: hit)
        if self.groups[index].add(modality: modality, hasQuantity: hasQuantity, hit: hit, source: source),
            self.moreSources[index, default: []].insert(source).inserted
        {
            self.groups[index].sources &+= 1
        }
        if let quantity { self.groups[index].addQuantity(quantity.value, upper: quantity.upper) }
    }

    /// The sums as kept between questions: the groups in an exact buffer, without the table
    /// that finds a group by key (keys and slots were a third of a kept block's bytes).
    struct Kept: Sendable {
        fileprivate var groups: [Group]
        fileprivate var moreSources: [Int: Set<UInt32>]

        var bytes: Int {
            self.groups.capacity * MemoryLayout<Group>.stride + self.moreSources.values.reduce(0) { $0 + 48 + $1.count * 8 }
        }
    }

    var kept: Kept { Kept(groups: self.groups.exactCopy(), moreSources: self.moreSources) }

    /// Adds the sums of `other`, counted over other snapshots than this counter's (a
    /// snapshot counted in both would count twice as a document).
    mutating func merge(_ other: FlowGroupCounter) {
        self.merge(groups: other.groups, moreSources: other.moreSources)
    }

    mutating func merge(_ other: Kept) {
        self.merge(groups: other.groups, moreSources: other.moreSources)
    }

    private mutating func merge(groups: [Group], moreSources: [Int: Set<UInt32>]) {
        for (otherIndex, incoming) in groups.enumerated() {
            let count = self.groups.count
            let index = self.group(incoming.key, first: incoming.newest)
            let extra = moreSources[otherIndex]
            if self.groups.count > count {
                self.groups[index] = incoming
                if let extra { self.moreSources[index] = extra }
                continue
            }
            self.groups[index].merge(incoming)
            if let extra { self.moreSources[index, default: []].formUnion(extra) }
            let bits = self.groups[index].sourceBits
            self.groups[index].sources = Int32(truncatingIfNeeded: bits.0.nonzeroBitCount + bits.1.nonzeroBitCount + (self.moreSources[index]?.count ?? 0))
        }
    }

    /// Only the groups `keep` accepts (items of a class, counterparts asked for).
    func filter(_ keep: (Key) -> Bool) -> FlowGroupCounter {
        var kept = FlowGroupCounter()
        for (index, group) in self.groups.enumerated() where keep(group.key) {
            let new = kept.group(group.key, first: group.newest)
            kept.groups[new] = group
            if let extra = self.moreSources[index] { kept.moreSources[new] = extra }
        }
        return kept
    }

    /// About the bytes it holds.
    var bytes: Int {
        self.groups.capacity * MemoryLayout<Group>.stride + self.keys.capacity * MemoryLayout<Key>.stride + self.slots.capacity * 4
            + self.moreSources.values.reduce(0) { $0 + 48 + $1.count * 8 }
    }

    private mutating func group(_ key: Key, first hit: FlowHit) -> Int {
        let mask = self.slots.count - 1
        var slot = Self.slot(key, mask: mask)
        while true {
            let stored = self.slots[slot]
            if stored == 0 { break }
            if self.keys[Int(stored) - 1] == key { return Int(stored) - 1 }
            slot = (slot + 1) & mask
        }
        self.groups.append(Group(key: key, best: hit, newest: hit))
        self.keys.append(key)
        self.slots[slot] = Int32(self.groups.count)
        // Grow at half full.
        if self.groups.count * 2 > self.slots.count { self.rehash() }
        return self.groups.count - 1
    }

    private static func slot(_ key: Key, mask: Int) -> Int {
        let mixed = (UInt64(key.supplier) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(key.recipient) &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(key.item)
        return Int(truncatingIfNeeded: (mixed &* 0x1656_67B1_9E37_79F9) >> 40) & mask
    }

    private mutating func rehash() {
        self.slots = [Int32](repeating: 0, count: self.slots.count * 2)
        let mask = self.slots.count - 1
        for (index, key) in self.keys.enumerated() {
            var slot = Self.slot(key, mask: mask)
            while self.slots[slot] != 0 { slot = (slot + 1) & mask }
            self.slots[slot] = Int32(index + 1)
        }
    }

    /// Most distinct sources first, then most documents, then the newest statement.
    func ordered() -> [Group] {
        self.groups.sorted { a, b in
            if a.sources != b.sources { return a.sources > b.sources }
            if a.documents != b.documents { return a.documents > b.documents }
            return FlowHit.before(a.newest, b.newest)
        }
    }
}

extension FlowGroupCounter.Group {
    /// - Returns: whether this is a new document with a source of ordinal 128 or more, which
    ///   the counter looks up in its set.
    fileprivate mutating func add(modality: Flow.Modality, hasQuantity: Bool, hit: FlowHit, source: UInt32) -> Bool {
        var largeSource = false
        if hit.sequence != self.lastSequence {
            self.documents &+= 1
            self.lastSequence = hit.sequence
            let bit: UInt64 = 1 << UInt64(source & 63)
            switch source {
            case 0..<64:
                if self.sourceBits.0 & bit == 0 {
                    self.sourceBits.0 |= bit
                    self.sources &+= 1
                }
            case 64..<128:
                if self.sourceBits.1 & bit == 0 {
                    self.sourceBits.1 |= bit
                    self.sources &+= 1
                }
            default:
                largeSource = true
            }
        }
        switch modality {
        case .asserted: self.modalityCounts.0 &+= 1
        case .reported: self.modalityCounts.1 &+= 1
        case .possible: self.modalityCounts.2 &+= 1
        case .denied: self.modalityCounts.3 &+= 1
        }
        self.firstDay = min(self.firstDay, hit.day)
        self.lastDay = max(self.lastDay, hit.day)
        if FlowHit.before(hit, self.newest) { self.newest = hit }
        if hasQuantity, self.latestQuantity.map({ FlowHit.before(hit, $0) }) ?? true { self.latestQuantity = hit }
        let strength = (hasQuantity ? 4 : 0) + Self.strength(modality)
        if strength > self.bestStrength || (strength == self.bestStrength && FlowHit.before(hit, self.best)) {
            self.best = hit
            self.bestStrength = strength
        }
        return largeSource
    }

    /// Adds another group's sums for the same key over other snapshots; the source count is
    /// the counter's to set (sources above 128 live there).
    fileprivate mutating func merge(_ other: Self) {
        self.documents &+= other.documents
        self.lastSequence = max(self.lastSequence, other.lastSequence)
        self.sourceBits.0 |= other.sourceBits.0
        self.sourceBits.1 |= other.sourceBits.1
        self.modalityCounts.0 &+= other.modalityCounts.0
        self.modalityCounts.1 &+= other.modalityCounts.1
        self.modalityCounts.2 &+= other.modalityCounts.2
        self.modalityCounts.3 &+= other.modalityCounts.3
        self.firstDay = min(self.firstDay, other.firstDay)
        self.lastDay = max(self.lastDay, other.lastDay)
        self.low = min(self.low, other.low)
        self.high = max(self.high, other.high)
        if FlowHit.before(other.newest, self.newest) { self.newest = other.newest }
        if let latest = other.latestQuantity, self.latestQuantity.map({ FlowHit.before(latest, $0) }) ?? true {
            self.latestQuantity = latest
        }
        if other.bestStrength > self.bestStrength || (other.bestStrength == self.bestStrength && FlowHit.before(other.best, self.best)) {
            self.best = other.best
            self.bestStrength = other.bestStrength
        }
    }

    fileprivate mutating func addQuantity(_ value: Double, upper: Double?) {
        self.low = min(self.low, value)
        self.high = max(self.high, upper ?? value)
    }

    private static func strength(_ modality: Flow.Modality) -> Int32 {
        switch modality {
        case .asserted: 3
        case .reported: 2
        case .possible: 1
        case .denied: 0
        }
    }
}
