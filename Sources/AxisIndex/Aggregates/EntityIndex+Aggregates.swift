import AxisCalendar
import Synchronization

/// Aggregates the server answers so that scripts need not download documents: an entity's
/// timeline, and how often entities share documents. Both may be restricted by a query.
extension EntityIndex {
    /// The most periods one timeline may have (27 years of days).
    public static let maxPeriods = 10_000
    /// The most entities one co-occurrence question may name.
    public static let maxCooccurring = 32

    /// Documents and mentions of one entity per period.
    /// - Parameters:
    ///   - since, until: dates as the query language writes them (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`).
    ///   - restriction: a query the documents must also match.
    public func timeline(
        _ name: String, interval: TimelineInterval, since: String? = nil, until: String? = nil, restriction: String? = nil,
        asOf: Int64? = nil
    ) throws(AggregateError) -> Timeline {
        let first = try Self.day(since, field: "since", end: false)
        let last = try Self.day(until, field: "until", end: true)
        let node = try Self.parse(restriction)
        let gazetteer = self.gazetteer
        return try self.state.withReadLock { state throws(AggregateError) -> Timeline in
            guard let ordinal = state.bestEntity(named: name, gazetteer: gazetteer), let entry = state.entities[ordinal] else {
                throw .unknownEntity(name)
            }
            let view = IndexView(asOf: asOf, through: state.indexedSequence)
            var allowed = try state.restriction(node, in: view, gazetteer: gazetteer)
            var counts: [Int32: (documents: Int, mentions: Int)] = [:]
            var documents = 0
            var mentions = 0
            state.postings[Int(ordinal)].forEach { sequence, count in
                guard let row = state.row(UInt64(sequence)), row.isVisible(sequence: UInt64(sequence), in: view), allowed.allows(sequence) else {
                    return true
                }
                let day = row.effectiveDay
                if let first, day < first { return true }
                if let last, day > last { return true }
                let start = interval.periodStart(day)
                counts[start, default: (0, 0)].documents += 1
                counts[start, default: (0, 0)].mentions += Int(count)
                documents += 1
                mentions += Int(count)
                return true
            }
            let periods = try Self.periods(counts, interval: interval, from: first ?? counts.keys.min(), to: last ?? counts.keys.max())
            return Timeline(
                entity: Self.summary(entry, documents: documents, mentions: mentions), interval: interval, periods: periods,
                documents: documents, mentions: mentions, view: view)
        }
    }

    /// For each pair of the named entities, the documents that mention both.
    /// - Parameter examples: keys to give per pair, newest first.
    public func cooccurrence(_ names: [String], restriction: String? = nil, examples: Int = 3, asOf: Int64? = nil) throws(AggregateError)
        -> Cooccurrence
    {
        let node = try Self.parse(restriction)
        let gazetteer = self.gazetteer
        return try self.state.withReadLock { state throws(AggregateError) -> Cooccurrence in
            var ordinals: [UInt32] = []
            for name in names {
                guard let ordinal = state.bestEntity(named: name, gazetteer: gazetteer) else { throw .unknownEntity(name) }
                ordinals.append(ordinal)
            }
            let view = IndexView(asOf: asOf, through: state.indexedSequence)
            let restriction = try state.restriction(node, in: view, gazetteer: gazetteer)
            let cache = PostingCache()
            let sets = ordinals.map { ordinal -> (sequences: [UInt32], mentions: Int) in
                let walk = state.walk(entity: ordinal, in: view, cache: cache)
                var allowed = restriction
                var kept: [UInt32] = []
                var mentions = 0
                for (sequence, count) in zip(walk.sequences, walk.frequencies) where allowed.allows(sequence) {
                    kept.append(sequence)
                    mentions += Int(count)
                }
                return (kept, mentions)
            }
            var pairs: [CooccurrencePair] = []
            for a in ordinals.indices {
                for b in ordinals.indices where b > a {
                    let shared = SortedSets.intersection(sets[a].sequences, sets[b].sequences)
                    let newest = TopHits.best(shared.map { sequence in (sequence: sequence, score: Double(state.rows[Int(sequence - 1)].effectiveDay)) }, max(0, examples))
                    pairs.append(
                        CooccurrencePair(
                            first: state.entities.entries[Int(ordinals[a])].id, second: state.entities.entries[Int(ordinals[b])].id,
                            documents: shared.count, examples: newest.map { state.documents[state.rows[Int($0.sequence - 1)].document] }))
                }
            }
            return Cooccurrence(
                entities: zip(ordinals, sets).map { ordinal, set in
                    Self.summary(state.entities.entries[Int(ordinal)], documents: set.sequences.count, mentions: set.mentions)
                },
                pairs: pairs, documents: restriction.count ?? state.visibleCount(in: view), view: view)
        }
    }

    // MARK: - Parts

    static func day(_ text: String?, field: String, end: Bool) throws(AggregateError) -> Int32? {
        guard let text else { return nil }
        guard let day = QueryDates.day(text, end: end) else { throw .badDate(field: field, text: text) }
        return day
    }

    static func parse(_ restriction: String?) throws(AggregateError) -> QueryNode? {
        guard let restriction, !restriction.isEmpty else { return nil }
        do {
            return try QueryParser.parse(restriction)
        } catch {
            throw .restriction(error)
        }
    }

    /// Every period from `from` to `to`, with its counts (zero when there are none).
    private static func periods(_ counts: [Int32: (documents: Int, mentions: Int)], interval: TimelineInterval, from: Int32?, to: Int32?)
        throws(AggregateError) -> [TimelinePeriod]
    {
        guard let from, let to, from <= to else { return [] }
        let end = interval.periodStart(to)
        var periods: [TimelinePeriod] = []
        var start = interval.periodStart(from)
        while start <= end {
            guard periods.count < Self.maxPeriods else {
                throw .tooManyPeriods(Self.maxPeriods)
            }
            let count = counts[start] ?? (0, 0)
            periods.append(TimelinePeriod(start: CivilDay.format(start), documents: count.documents, mentions: count.mentions))
            start = interval.nextStart(start)
        }
        return periods
    }
}

extension IndexState {
    /// The visible snapshots a restricting query matches (every one without a query).
    func restriction(_ node: QueryNode?, in view: IndexView, gazetteer: Gazetteer) throws(AggregateError) -> Restriction {
        guard let node else { return Restriction(sequences: nil) }
        do {
            let resolved = try self.resolveQuery(node, gazetteer: gazetteer)
            return Restriction(sequences: self.matches(resolved, in: view, cache: PostingCache()))
        } catch {
            throw .restriction(error)
        }
    }
}

/// The snapshots a `where` query allows, asked about in ascending order (postings order), so
/// that each question moves a cursor forward instead of searching from the start.
struct Restriction {
    /// Ascending; nil: everything is allowed.
    let sequences: [UInt32]?
    private var cursor = 0

    init(sequences: [UInt32]?) {
        self.sequences = sequences
    }

    /// How many snapshots the query allows; nil without a query.
    var count: Int? { self.sequences?.count }

    mutating func allows(_ sequence: UInt32) -> Bool {
        guard let sequences else { return true }
        self.cursor = SortedSets.lowerBound(sequences, sequence, from: self.cursor)
        return self.cursor < sequences.count && sequences[self.cursor] == sequence
    }
}
