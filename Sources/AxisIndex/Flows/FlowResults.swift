/// What a flow question asks (every field optional: none means every flow).
public struct FlowFilter: Sendable, Hashable {
    /// A party by id or any name; a country also matches what rolls up to it ("North Korea"
    /// includes Pyongyang, the Korean People's Army and Kim Jong Un).
    public var supplier: String?
    public var recipient: String?
    /// An item or class by id or name; a class includes its members (`weapon:missile`
    /// includes KN-23 and Fath-360).
    public var item: String?
    /// Empty: every modality.
    public var modalities: [Flow.Modality] = []
    /// Published dates (else the day stored), as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public var since: String?
    public var until: String?
    public var source: String?
    public var tag: String?
    /// A query the documents must also match.
    public var restriction: String?
    public var asOf: Int64?

    public init() {}

    /// A canonical text of the filter, for page tokens (a token is only good for the same question).
    var canonical: String {
        [
            self.supplier ?? "", self.recipient ?? "", self.item ?? "", self.modalities.map(\.rawValue).sorted().joined(separator: ","),
            self.since ?? "", self.until ?? "", self.source ?? "", self.tag ?? "", self.restriction ?? "",
        ].joined(separator: "\u{1F}")
    }
}

/// An entity as a flow shows it.
public struct FlowEntity: Sendable, Hashable {
    public var id: String
    public var type: EntityType
    public var name: String
}

/// One stated flow: a sentence of a document version says `supplier` gives `item` to `recipient`.
public struct FlowRow: Sendable, Hashable {
    public var sequence: UInt64
    public var key: String
    public var version: UInt32
    /// `YYYY-MM-DD`, or empty.
    public var published: String
    public var source: String
    /// Roll-ups, and the parties as named.
    public var supplier: FlowEntity
    public var recipient: FlowEntity
    public var supplierEntity: FlowEntity
    public var recipientEntity: FlowEntity
    public var item: FlowEntity
    public var modality: Flow.Modality
    /// The evidence sentence's index (`SentenceRanges.range(of:in:)` gives its bytes).
    public var sentence: Int
    public var quantity: QuantityView?
    public var quantityRole: QuantityRole?
    public var attribution: FlowEntity?
    public var via: FlowEntity?
    /// Published date, else the day stored (what dates filter and order by).
    var day: Int32
}

/// Every stated flow of one supplier → recipient : item, summed over documents.
public struct FlowGroup: Sendable, Hashable {
    public var supplier: FlowEntity
    public var recipient: FlowEntity
    public var item: FlowEntity
    /// Documents (their versions in the view) that state it.
    public var documents: Int
    /// Distinct sources among them: two documents of one source corroborate once (documents
    /// without a source count as one source).
    public var sources: Int
    /// Statements (rows) by modality.
    public var modalityCounts: [Flow.Modality: Int]
    /// First and last date (published, else stored), `YYYY-MM-DD`.
    public var firstDay: String
    public var lastDay: String
    /// The smallest and largest quantity stated for it, and the latest one.
    public var quantityMin: Double?
    public var quantityMax: Double?
    public var latestQuantity: QuantityView?
    /// The statement that shows it best: with a quantity, asserted before reported before
    /// possible before denied, newest.
    public var best: FlowRow
}

/// A page of flows: rows (one per statement) or groups.
public struct FlowResults: Sendable {
    public var rows: [FlowRow] = []
    public var groups: [FlowGroup] = []
    /// Rows (or groups) that match, over all pages.
    public var total: Int = 0
    /// The token of the next page, when there is one.
    public var next: ResumeToken?
    public var view: IndexView
}
