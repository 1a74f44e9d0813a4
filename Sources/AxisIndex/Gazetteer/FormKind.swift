/// Which field of an entity a surface form comes from; the order is the preference order
/// when two entities (or two forms) match the same span.
enum FormKind: UInt8, Sendable, Comparable {
    case name = 0
    case alias = 1
    case demonym = 2
    case short = 3

    static func < (lhs: FormKind, rhs: FormKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One surface form of an entity, with the kind it came from and whether it is a generated plural.
struct SurfaceForm: Sendable, Hashable {
    var text: String
    var kind: FormKind
    var isPlural: Bool
}
