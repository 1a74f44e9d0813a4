import AxisCalendar

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
        self.publishedDay != Self.noDay ? self.publishedDay : CivilDay.containing(millisecondsSinceEpoch: self.ingestTime)
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
