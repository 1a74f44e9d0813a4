import AxisCalendar

/// What a user says about a document besides its body. Compared as a whole for deduplication:
/// a put with the same body but a new title is a new version.
public struct DocumentMetadata: Hashable, Sendable {
    public static let maxTitleBytes = 2048
    public static let maxSourceBytes = 256
    public static let maxURLBytes = 8192
    public static let maxTags = 64
    public static let maxTagBytes = 128

    public var title: String
    public var source: String
    public var url: String
    /// The published date, when known.
    public var published: PublishedDate?
    /// Free-form labels, in the order given, without duplicates.
    public var tags: [String]

    public init(title: String = "", source: String = "", url: String = "", published: PublishedDate? = nil, tags: [String] = []) {
        self.title = title
        self.source = source
        self.url = url
        self.published = published
        var seen = Set<String>()
        self.tags = tags.filter { seen.insert($0).inserted }
    }

    /// Checks every limit; the error names the field.
    public func validate() throws(StoreError) {
        try Self.check(self.title, "title", max: Self.maxTitleBytes)
        try Self.check(self.source, "source", max: Self.maxSourceBytes)
        try Self.check(self.url, "url", max: Self.maxURLBytes)
        guard self.tags.count <= Self.maxTags else {
            throw StoreError(.limitExceeded, "\(self.tags.count) tags; at most \(Self.maxTags)", field: "tags", limit: UInt64(Self.maxTags))
        }
        for tag in self.tags {
            guard !tag.isEmpty else { throw StoreError(.invalidMetadata, "a tag is empty", field: "tags") }
            try Self.check(tag, "tags", max: Self.maxTagBytes)
        }
    }

    private static func check(_ value: String, _ field: String, max: Int) throws(StoreError) {
        guard value.utf8.count <= max else {
            throw StoreError(.limitExceeded, "\(field) is \(value.utf8.count) bytes; at most \(max)", field: field, limit: UInt64(max))
        }
    }
}

/// A calendar date, YYYY-MM-DD (proleptic Gregorian), as articles give it. Its arithmetic is
/// `CivilDay`'s, shared with the index.
public struct PublishedDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`; `nil` if malformed or not a real date (2024-02-30).
    public init?(_ text: String) {
        guard let days = CivilDay.parse(text) else { return nil }
        (self.year, self.month, self.day) = CivilDay.components(days)
    }

    /// The date that contains `milliseconds` since 1970-01-01 UTC.
    public init(millisecondsSinceEpoch milliseconds: Int64) {
        (self.year, self.month, self.day) = CivilDay.components(CivilDay.containing(millisecondsSinceEpoch: milliseconds))
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int { CivilDay.days(year: self.year, month: self.month, day: self.day) }

    /// Midnight UTC at the start of the date, in milliseconds since 1970.
    public var startMilliseconds: Int64 { Int64(self.daysSinceEpoch) * CivilDay.millisecondsPerDay }

    public var description: String { CivilDay.format(Int32(clamping: self.daysSinceEpoch)) }

    public static func < (lhs: PublishedDate, rhs: PublishedDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// The rules for document keys.
public enum DocumentKey {
    public static let maxBytes = 1024

    /// Checks a key: 1 to 1024 bytes of UTF-8, no control characters.
    public static func validate(_ key: String) throws(StoreError) {
        guard !key.isEmpty else { throw StoreError(.invalidKey, "the key is empty", field: "key") }
        guard key.utf8.count <= Self.maxBytes else {
            throw StoreError(
                .limitExceeded, "the key is \(key.utf8.count) bytes; at most \(Self.maxBytes)", field: "key",
                limit: UInt64(Self.maxBytes))
        }
        guard !key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw StoreError(.invalidKey, "the key contains a control character", field: "key")
        }
    }
}
