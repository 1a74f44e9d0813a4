import AxisCalendar
import Foundation
import Synchronization

/// Ranking: BM25 over the query's words (k1 1.2, b 0.75), plus entity evidence scored the
/// same way from mention counts and weighted 1.5 (docs/query-language.md, "Ranking").
extension EntityIndex {
    static let k1 = 1.2
    static let b = 0.75
    /// How much an entity's mentions weigh against a word's occurrences.
    static let entityWeight = 1.5
    /// Facets count the entities of this many of the best hits.
    static let facetHits = 1000

    /// Runs a query. Names (entities, sources, tags) are resolved in the index; a syntax
    /// error or an unknown entity throws with its position.
    public func query(_ text: String, options: QueryOptions = QueryOptions()) throws(QuerySyntaxError) -> QueryOutcome {
        let node = try QueryParser.parse(text)
        let gazetteer = self.gazetteer
        return try self.state.withReadLock { state throws(QuerySyntaxError) -> QueryOutcome in
            let view = options.after?.view ?? IndexView(asOf: options.asOf, through: state.indexedSequence)
            let resolved = try state.resolveQuery(node, gazetteer: gazetteer)
            let limit = max(0, options.limit)
            let facetHits = options.facets > 0 ? Self.facetHits : 0
            // A first page of one word or one entity (with filters only) on the current index:
            // one pass over its list. Everything else, and later pages, the general way.
            let onePass = options.singlePass && options.after == nil && state.isCurrent(view) ? resolved.oneListAndFilters : nil
            let selection: RankedSelection
            switch onePass {
            case (.entity(let entity), let filters)?:
                selection = state.rankEntity(entity, filters: filters, limit: limit, facetHits: facetHits)
            case (.term(let term?), let filters)?:
                selection = state.rankTerm(term, filters: filters, limit: limit, facetHits: facetHits)
            default:
                selection = state.rank(resolved, in: view, limit: limit, after: options.after, facetHits: facetHits)
            }
            let page = selection.page
            let next = selection.more
                ? page.last.map { ResumeToken(view: view, score: $0.score, sequence: UInt64($0.sequence), query: text) } : nil

            let (terms, entities) = resolved.scoringParts
            var types = Set<EntityType>()
            resolved.types(into: &types)
            return QueryOutcome(
                hits: page.map { hit in
                    let row = state.rows[Int(hit.sequence - 1)]
                    return RankedHit(
                        sequence: UInt64(hit.sequence), key: state.documents[row.document], version: row.version, score: hit.score,
                        day: CivilDay.format(row.effectiveDay))
                },
                total: selection.total, next: next,
                facets: options.facets > 0 ? state.facets(of: selection.facetHits.map(\.sequence), limit: options.facets) : [],
                view: view, terms: Set(terms.map { state.terms[UInt32($0)] }), entities: Set(entities.compactMap { state.entities[$0]?.id }),
                types: types,
                entityNames: EntityNames(
                    entities.flatMap { entity -> [EntityForm] in
                        guard let entry = state.entities[entity] else { return [] }
                        guard let record = gazetteer.entity(id: entry.id) else { return [EntityForm(text: entry.name, entityID: entry.id)] }
                        return SurfaceForms.forms(of: record).map { EntityForm(text: $0.text, entityID: entry.id) }
                    }))
        }
    }
}

/// What ranking keeps of a query's hits: the page, the hits the facets count, and the totals.
struct RankedSelection {
    var page: [TopHits.Hit]
    var facetHits: [TopHits.Hit]
    var total: Int
    /// Whether hits follow the page.
    var more: Bool
}

extension IndexState {
    /// Matches, scores and ranks: the page (after `after`), and the best `facetHits`.
    func rank(_ query: ResolvedQuery, in view: IndexView, limit: Int, after: ResumeToken?, facetHits: Int) -> RankedSelection {
        let cache = PostingCache()
        let hits = self.matches(query, in: view, cache: cache)
        let scores = self.scores(hits, for: query, in: view, cache: cache)
        let ranked = zip(hits, scores).map { (sequence: $0, score: $1) }
        var remaining = ranked
        if let after {
            remaining = ranked.filter { hit in hit.score < after.score || (hit.score == after.score && UInt64(hit.sequence) > after.sequence) }
        }
        // The facets' best 1,000 hold a first page's best hits too: one pass over the hits
        // instead of two.
        let pool = facetHits > 0 ? TopHits.bestUnordered(ranked, max(facetHits, limit)) : []
        let page = after == nil && facetHits > 0 ? TopHits.best(pool, limit) : TopHits.best(remaining, limit)
        let facets = pool.count > facetHits ? TopHits.bestUnordered(pool, facetHits) : pool
        return RankedSelection(page: page, facetHits: facets, total: ranked.count, more: remaining.count > page.count)
    }

    /// The first page of a one-entity query on the current index, in one pass over the
    /// entity's postings: decoded, scored and offered to a `BestHits`, with no array of
    /// every match. Scores come from the same `BM25` with the same document frequency as in
    /// `scores`, so later pages, ranked the general way, agree.
    func rankEntity(_ entity: UInt32, filters: [ResolvedQuery] = [], limit: Int, facetHits: Int) -> RankedSelection {
        let frequency = Int(entity) < self.documentCounts.count ? Int(self.documentCounts[Int(entity)]) : 0
        return self.rankOneList(
            frequency: frequency, weight: EntityIndex.entityWeight, filters: filters, limit: limit, facetHits: facetHits,
            self.postings[Int(entity)].forEach)
    }

    /// The first page of a one-word query on the current index, the same way. A word's
    /// document frequency counts only the documents visible now (the postings of replaced
    /// versions stay in the list), so a first pass counts them, without storing anything:
    /// two decodings of the list cost less than the arrays of every match the general path
    /// builds, scores, pairs and selects from (a broad word at 20,000 documents: 36 us at p50).
    func rankTerm(_ term: Int, filters: [ResolvedQuery] = [], limit: Int, facetHits: Int) -> RankedSelection {
        let postings = self.termPostings[term]
        let visible = self.visibleNow
        var frequency = 0
        postings.forEach { sequence, _ in
            if visible.contains(UInt64(sequence)) { frequency += 1 }
            return true
        }
        return self.rankOneList(frequency: frequency, weight: 1, filters: filters, limit: limit, facetHits: facetHits, postings.forEach)
    }

    /// One list's visible postings that pass `filters`, scored (BM25 with `frequency`
    /// documents, `weight`: as in `scores`, where filters do not change a word's or an
    /// entity's document frequency) and offered to a `BestHits` as they are decoded: the
    /// page, the facets' best hits and the total, with no array of every match.
    @inline(__always)
    private func rankOneList(
        frequency: Int, weight: Double, filters: [ResolvedQuery], limit: Int, facetHits: Int,
        _ forEach: ((_ sequence: UInt32, _ frequency: UInt32) -> Bool) -> Void
    ) -> RankedSelection {
        guard frequency > 0 else { return RankedSelection(page: [], facetHits: [], total: 0, more: false) }
        let view = IndexView(through: self.indexedSequence)
        let weighting = BM25(
            documents: Double(self.visibleDocuments), frequency: Double(frequency), averageLength: self.averageLength(through: view.through),
            weight: weight)
        var best = BestHits(keeping: max(facetHits, limit))
        var total = 0
        // The view is the current one: visibility is one bit.
        let visible = self.visibleNow
        @inline(__always)
        func consider(_ sequence: UInt32, _ count: UInt32) {
            total += 1
            let frequency = Double(count)
            let length = Double(self.lengths[Int(sequence - 1)])
            guard weighting.mayReach(best.floor, frequency: frequency, length: length) else { return }
            best.offer((sequence, weighting.score(frequency: frequency, length: length)))
        }
        // Two loops, so that a list without filters pays nothing for them (a check of the
        // empty array per posting made one entity's query 1.4 times as long).
        if filters.isEmpty {
            forEach { sequence, count in
                if visible.contains(UInt64(sequence)) { consider(sequence, count) }
                return true
            }
        } else {
            forEach { sequence, count in
                if visible.contains(UInt64(sequence)), filters.allSatisfy({ self.passes($0, sequence) }) { consider(sequence, count) }
                return true
            }
        }
        let kept = best.best()
        let page = TopHits.best(kept, limit)
        let facets = kept.count > facetHits ? TopHits.bestUnordered(kept, facetHits) : kept
        return RankedSelection(page: page, facetHits: facetHits > 0 ? facets : [], total: total, more: total > page.count)
    }

    /// BM25 scores of `hits` (ascending sequences) for the query's positive words and entities.
    /// A hit's score adds the parts' contributions in one fixed order
    /// (`ResolvedQuery.scoringParts`: words, then entities, each by number), so that it is the
    /// same to the bit in any process and whatever order the query names them in (a resume
    /// token carries a score that the next page compares against). A one-pass scoring of each
    /// hit across its parts, offered to bounded selections, was tried: 1.1-1.4 times slower
    /// for the commonest pair of words at 200,000 documents (the walks' gallops no longer run
    /// one part at a time).
    func scores(_ hits: [UInt32], for query: ResolvedQuery, in view: IndexView, cache: PostingCache) -> [Double] {
        var scores = [Double](repeating: 0, count: hits.count)
        guard !hits.isEmpty else { return scores }
        let (terms, entities) = query.scoringParts
        guard !terms.isEmpty || !entities.isEmpty else { return scores }
        let documents = Double(self.visibleCount(in: view))
        let averageLength = self.averageLength(through: view.through)

        /// Adds one term's (or entity's) contribution: its visible postings give the document
        /// frequency, and, merged with the hits, each hit's frequency.
        func add(_ walk: PostingWalk, weight: Double) {
            guard !walk.sequences.isEmpty else { return }
            let weighting = BM25(documents: documents, frequency: Double(walk.sequences.count), averageLength: averageLength, weight: weight)
            var cursor = 0
            for (index, sequence) in hits.enumerated() {
                // Hits and postings ascend together: the next posting is usually close.
                cursor = SortedSets.gallop(walk.sequences, sequence, from: cursor)
                guard cursor < walk.sequences.count else { break }
                guard walk.sequences[cursor] == sequence else { continue }
                scores[index] += weighting.score(frequency: Double(walk.frequencies[cursor]), length: Double(self.lengths[Int(sequence - 1)]))
            }
        }
        for term in terms { add(self.walk(term: term, in: view, cache: cache), weight: 1) }
        for entity in entities { add(self.walk(entity: entity, in: view, cache: cache), weight: EntityIndex.entityWeight) }
        return scores
    }

    /// The average length of the snapshots up to `through` (all versions: a statistic that
    /// stays the same for every page of a query).
    func averageLength(through: UInt64) -> Double {
        if through >= self.indexedSequence { return max(1, Double(self.totalLength) / Double(max(1, self.lengthRows))) }
        var total: UInt64 = 0
        var rows: UInt64 = 0
        for length in self.lengths.prefix(Int(through)) where length > 0 {
            total += UInt64(length)
            rows += 1
        }
        return max(1, Double(total) / Double(max(1, rows)))
    }

    /// For each type, the `limit` entities most of `hits` mention.
    func facets(of hits: [UInt32], limit: Int) -> [Facet] {
        // Counted in an array, but only the entities the hits mention are visited afterwards
        // (not every entity of the index). The hits' rows are located all at once first: a
        // thousand independent loads overlap, where finding each row as it was read waited
        // for one cache miss after another.
        var counts = [UInt32](repeating: 0, count: self.entities.count)
        var touched: [Int] = []
        let rows = self.snapshotEntities.rows(hits)
        self.snapshotEntities.withValues { values in
            // Then every cache line of the rows is touched, again with loads that do not
            // wait for each other, so that the counting below finds them in the cache.
            var touch: UInt32 = 0
            for row in rows {
                for index in stride(from: row.lowerBound, to: row.upperBound, by: 8) { touch |= values[index].entity }
            }
            // A use of the loads that the optimiser cannot drop and that changes nothing.
            if touch == UInt32.max { touched.reserveCapacity(1) }
            for row in rows {
                for entry in values[row] {
                    let entity = Int(entry.entity)
                    if counts[entity] == 0 { touched.append(entity) }
                    counts[entity] += 1
                }
            }
        }
        // Per type, the best `limit` so far, kept sorted: one pass over the touched entities
        // (thousands of people among a thousand hits), not a sort of them all. One array per
        // type, changed in place.
        let types = EntityType.allCases
        var best = [[Int]](repeating: [], count: types.count)
        func ranksBefore(_ a: Int, _ b: Int) -> Bool {
            counts[a] != counts[b] ? counts[a] > counts[b] : self.entities.entries[a].id < self.entities.entries[b].id
        }
        guard limit > 0 else { return [] }
        for entity in touched {
            let type = self.entities.entries[entity].type
            guard type != .item, let slot = types.firstIndex(of: type) else { continue }
            if best[slot].count == limit {
                guard let last = best[slot].last, ranksBefore(entity, last) else { continue }
                best[slot].removeLast()
            }
            let at = best[slot].firstIndex { ranksBefore(entity, $0) } ?? best[slot].count
            best[slot].insert(entity, at: at)
        }
        return zip(types, best).compactMap { type, top in
            guard !top.isEmpty else { return nil }
            return Facet(type: type, entities: top.map { EntityIndex.summary(self.entities.entries[$0], documents: Int(counts[$0]), mentions: 0) })
        }
    }
}
