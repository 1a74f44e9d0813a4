/// A snapshot handed to the index: what the store says about it and, for a snapshot with a
/// body, what the extractor found in it.
public struct IndexedSnapshot: Sendable {
    public var sequence: UInt64
    public var key: String
    public var version: UInt32
    public var ingestTime: Int64
    /// `YYYY-MM-DD`, or empty.
    public var published: String
    public var source: String
    public var tags: [String]
    public var isTombstone: Bool
    /// Nil for a tombstone (and for a body that could not be read: indexed as empty).
    public var extraction: Extraction?
    /// The words of the title and body, for the full-text index.
    public var terms: DocumentTerms?

    public init(
        sequence: UInt64, key: String, version: UInt32, ingestTime: Int64, published: String, source: String, tags: [String],
        isTombstone: Bool, extraction: Extraction?, terms: DocumentTerms? = nil
    ) {
        self.sequence = sequence
        self.key = key
        self.version = version
        self.ingestTime = ingestTime
        self.published = published
        self.source = source
        self.tags = tags
        self.isTombstone = isTombstone
        self.extraction = extraction
        self.terms = terms
    }
}

/// Strings kept once, numbered (sources, tags, unit texts).
struct StringInterner: Sendable {
    private(set) var strings: [String] = []
    private var ordinals: [String: UInt32] = [:]

    init() {}

    init(strings: [String]) {
        for string in strings { _ = self.intern(string) }
    }

    mutating func intern(_ string: String) -> UInt32 {
        if let ordinal = self.ordinals[string] { return ordinal }
        let ordinal = UInt32(self.strings.count)
        self.strings.append(string)
        self.ordinals[string] = ordinal
        return ordinal
    }

    func ordinal(of string: String) -> UInt32? { self.ordinals[string] }

    subscript(ordinal: UInt32) -> String {
        Int(ordinal) < self.strings.count ? self.strings[Int(ordinal)] : ""
    }
}
