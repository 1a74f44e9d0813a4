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

/// A calendar date, YYYY-MM-DD (proleptic Gregorian), as articles give it.
public struct PublishedDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD`; `nil` if malformed or not a real date (2024-02-30).
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date that contains `milliseconds` since 1970-01-01 UTC.
    public init(millisecondsSinceEpoch milliseconds: Int64) {
        let days = Int(milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000)
        // Civil-from-days (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int {
        let y = self.month <= 2 ? self.year - 1 : self.year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = self.month > 2 ? self.month - 3 : self.month + 9
        let doy = (153 * mp + 2) / 5 + self.day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Midnight UTC at the start of the date, in milliseconds since 1970.
    public var startMilliseconds: Int64 { Int64(self.daysSinceEpoch) * 86_400_000 }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(self.year, 4))-\(pad(self.month, 2))-\(pad(self.day, 2))"
    }

    public static func < (lhs: PublishedDate, rhs: PublishedDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
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
