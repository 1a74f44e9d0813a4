/// A parsed query (docs/query-language.md). Leaves hold what the user typed; the index
/// resolves names and words when it evaluates them.
public indirect enum QueryNode: Sendable, Hashable {
    /// A bare word: full text (several terms when it has inner punctuation: "Jong-un").
    case word(String)
    /// A "quoted phrase": its words in order.
    case phrase(String)
    /// `entity:ID` or `entity:"Name"`, as typed, with its position (for "no such entity").
    case entity(String, offset: Int)
    /// `type:weapon`: documents that mention any entity of the type.
    case type(EntityType)
    /// `since:DATE` and `until:DATE`, as days since 1970 (inclusive).
    case since(Int32)
    case until(Int32)
    /// `source:NAME` (exact, case-insensitive).
    case source(String)
    /// `tag:T` (exact, case-insensitive).
    case tag(String)
    /// `key:PREFIX*` (a prefix) or `key:KEY` (exact).
    case key(String, prefix: Bool)
    /// `flow:SUPPLIER>RECIPIENT[:ITEM]`, each part optional: documents that state such a flow.
    case flow(supplier: String?, recipient: String?, item: String?, offset: Int)
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)

    /// Whether the node only narrows documents down (dates, sources, tags, keys, types) and
    /// cannot find any by itself.
    var isFilter: Bool {
        switch self {
        case .type, .since, .until, .source, .tag, .key: true
        case .word, .phrase, .entity, .flow: false
        case .not(let inner): inner.isFilter
        case .and(let children), .or(let children): children.allSatisfy(\.isFilter)
        }
    }
}

/// Why a query does not parse: where, and what was expected there.
public struct QuerySyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The position of the problem, in UTF-8 bytes from the start of the query.
    public var offset: Int
    public var message: String

    public init(offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "at \(self.offset + 1): \(self.message)" }
}
