/// A mention while a document is being analysed (entity index instead of id, offsets as Int32).
struct Found: Sendable, Hashable {
    /// Entity index, or `-1 - n` for the n-th discovered person.
    var entity: Int32
    var start: Int32
    var end: Int32
    var sentence: Int32
    var kind: FormKind
    /// Inside a longer mention (a country inside "U.S. intelligence").
    var isNested: Bool = false
    /// A weapon short form or a troop noun: kept only if the sentence shows a transfer.
    var isTentative: Bool = false

    var discoveredIndex: Int? { self.entity < 0 ? Int(-1 - self.entity) : nil }
    var range: Range<Int> { Int(self.start)..<Int(self.end) }
}

/// A cue phrase found in a sentence.
struct CueHit: Sendable, Hashable {
    var cue: Cue
    var start: Int32
    var end: Int32
    var sentence: Int32
}
