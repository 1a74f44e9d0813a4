/// What a matched pattern means: an entity form or a cue, with the case it requires.
struct Sense: Sendable, Hashable {
    /// An entity index (>= 0) or a cue (`-1 - cue.rawValue`).
    var target: Int32
    var kind: FormKind
    var isPlural: Bool
    /// Bit k set: the k-th symbol must be an uppercase letter in the text (only the first 64 symbols are checked).
    var uppercaseMask: UInt64

    var entityIndex: Int? { self.target >= 0 ? Int(self.target) : nil }
    var cue: Cue? { self.target < 0 ? Cue(rawValue: UInt8(-1 - self.target)) : nil }

    static func cue(_ cue: Cue) -> Sense {
        Sense(target: -1 - Int32(cue.rawValue), kind: .alias, isPlural: false, uppercaseMask: 0)
    }
}

/// A distinct folded symbol sequence and every sense it has.
struct Pattern: Sendable {
    var symbols: [UInt8]
    var senses: [Sense]
}
