/// What the index keeps about each snapshot (one row per sequence number).
struct SnapshotRow: Sendable, Hashable {
    static let noDocument = UInt32.max
    static let noDay = Int32.min

    /// The document's ordinal; `noDocument` for a sequence the store does not have (damaged).
    var document: UInt32
    var version: UInt32
    /// When the store took it, ms since 1970.
    var ingestTime: Int64
    /// When a later version or a delete replaced it; `Int64.max` while it is the latest.
    var supersededAt: Int64
    /// The sequence of the version (or delete) that replaced it; 0 while it is the latest.
    var supersededBy: UInt32 = 0
    /// The published date as days since 1970-01-01; `noDay` when there is none.
    var publishedDay: Int32
    var source: UInt32
    var isTombstone: Bool

    static let missing = SnapshotRow(
        document: noDocument, version: 0, ingestTime: 0, supersededAt: 0, publishedDay: noDay, source: 0, isTombstone: true)

    var exists: Bool { self.document != Self.noDocument }

    /// Whether this row (sequence `sequence`) is its document's current, undeleted version in
    /// `view`: within the view's sequences, and at the view's time if it has one.
    func isVisible(sequence: UInt64, in view: IndexView) -> Bool {
        guard self.exists, !self.isTombstone, sequence <= view.through else { return false }
        let replacedInView = self.supersededBy != 0 && UInt64(self.supersededBy) <= view.through
        guard let time = view.asOf else { return !replacedInView }
        return self.ingestTime <= time && (!replacedInView || time < self.supersededAt)
    }

    /// The date a timeline or a date filter uses: published, else the day it was stored.
    var effectiveDay: Int32 {
        self.publishedDay != Self.noDay ? self.publishedDay : Int32(truncatingIfNeeded: self.ingestTime / 86_400_000)
    }
}

/// Which snapshots a question sees: those up to `through` (a pinned sequence, so that pages
/// of one query agree), each document's version current at `asOf` (or now).
public struct IndexView: Sendable, Hashable {
    public var asOf: Int64?
    public var through: UInt64

    public init(asOf: Int64? = nil, through: UInt64 = .max) {
        self.asOf = asOf
        self.through = through
    }

    public static let current = IndexView()
}

/// One entity's mentions in one snapshot.
struct EntityCount: Sendable, Hashable {
    var entity: UInt32
    var count: UInt32
}

/// A quantity as the index keeps it.
struct IndexedQuantity: Sendable, Hashable {
    static let noEntity = UInt32.max

    var value: Double
    /// The upper bound of a range; NaN when there is none.
    var valueMax: Double
    var qualifier: Quantity.Qualifier
    var unitEntity: UInt32
    /// The unit as written, interned.
    var unitText: UInt32
    var sentence: UInt32
}

/// A flow as the index keeps it: entity ordinals (`none` where absent), its snapshot, the
/// evidence sentence's index (its text and offsets are read from the body for the rows a reply
/// shows), and the quantity as an index into the snapshot's quantities.
///
/// The flow as the index's code reads it; `FlowTable` keeps it in 24 bytes (`PackedFlow`).
struct IndexedFlow: Sendable, Hashable {
    static let none = UInt32.max
    static let noQuantity = UInt16.max

    /// Roll-ups (countries, or the party itself).
    var supplier: UInt32
    var recipient: UInt32
    /// The parties as named.
    var supplierEntity: UInt32
    var recipientEntity: UInt32
    var item: UInt32
    /// Its snapshot is the row of the flow table it is in, not stored again.
    var sentence: UInt32
    var attribution: UInt32 = Self.none
    var via: UInt32 = Self.none
    /// Index into the snapshot's quantities (a snapshot with more than 65,534 keeps the first).
    var quantity: UInt16 = Self.noQuantity
    var modality: Flow.Modality
    var quantityRole: QuantityRole?

    init(
        supplier: UInt32, recipient: UInt32, supplierEntity: UInt32, recipientEntity: UInt32, item: UInt32, modality: Flow.Modality,
        sentence: UInt32, quantity: UInt16 = Self.noQuantity, quantityRole: QuantityRole? = nil,
        attribution: UInt32 = Self.none, via: UInt32 = Self.none
    ) {
        self.supplier = supplier
        self.recipient = recipient
        self.supplierEntity = supplierEntity
        self.recipientEntity = recipientEntity
        self.item = item
        self.sentence = sentence
        self.attribution = attribution
        self.via = via
        self.quantity = quantity
        self.modality = modality
        self.quantityRole = quantityRole
    }

    var hasQuantity: Bool { self.quantity != Self.noQuantity }

    /// Names no entity (what a position past the table reads as).
    static let unknown = IndexedFlow(
        supplier: Self.none, recipient: Self.none, supplierEntity: Self.none, recipientEntity: Self.none, item: Self.none, modality: .asserted,
        sentence: 0)
}

/// Calendar days for YYYY-MM-DD dates, without Foundation (days from civil, H. Hinnant).
enum CivilDay {
    /// Days since 1970-01-01 of a valid `YYYY-MM-DD`, else nil.
    static func parse(_ text: String) -> Int32? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let days = Int32(self.days(year: year, month: month, day: day))
        // A day past the month's end (2024-02-30) would roll over: not a date.
        return self.format(days) == text ? days : nil
    }

    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `YYYY-MM-DD` of a day number.
    static func format(_ days: Int32) -> String {
        let (year, month, day) = self.components(days)
        if (0...9999).contains(year) {
            // Ten ASCII digits and dashes written in place (a hit's day is formatted for every
            // hit of every page).
            return String(unsafeUninitializedCapacity: 10) { buffer in
                func put(_ value: Int, at end: Int, digits: Int) {
                    var rest = value
                    for position in stride(from: end, to: end - digits, by: -1) {
                        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                }
                put(year, at: 3, digits: 4)
                buffer[4] = UInt8(ascii: "-")
                put(month, at: 6, digits: 2)
                buffer[7] = UInt8(ascii: "-")
                put(day, at: 9, digits: 2)
                return 10
            }
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Year, month (1...12) and day of the month of a day number (proleptic Gregorian).
    static func components(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
