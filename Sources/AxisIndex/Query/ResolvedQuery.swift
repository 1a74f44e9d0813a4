/// A query with its names looked up: words as term numbers, entity names as entity numbers,
/// sources and tags as their numbers. A word or name the index has never seen matches nothing
/// (except an entity name, which is an error: the user should know it was not understood).
indirect enum ResolvedQuery: Sendable, Hashable {
    /// A term (nil: not in the index).
    case term(Int?)
    /// Terms that must follow each other.
    case phrase([Int?])
    case entity(UInt32)
    case type(EntityType)
    case since(Int32)
    case until(Int32)
    case source(UInt32?)
    case tag(UInt32?)
    case key(String, prefix: Bool)
    /// Documents stating a flow: party ordinals (roll-up or as named) and, per entity ordinal,
    /// whether it is in the item class; nil: any.
    case flow(suppliers: [UInt32]?, recipients: [UInt32]?, items: [Bool]?)
    case and([ResolvedQuery])
    case or([ResolvedQuery])
    case not(ResolvedQuery)

    var isFilter: Bool {
        switch self {
        case .type, .since, .until, .source, .tag, .key: true
        case .term, .phrase, .entity, .flow: false
        case .not(let inner): inner.isFilter
        case .and(let children), .or(let children): children.allSatisfy(\.isFilter)
        }
    }

    /// A query that is one word or one entity, alone or with filters only
    /// (`entity:Iran since:2024-01-01`): the list and the filters. A first page of such a
    /// query is ranked in one pass over that list.
    var oneListAndFilters: (list: ResolvedQuery, filters: [ResolvedQuery])? {
        switch self {
        case .term(.some), .entity: return (self, [])
        case .and(let children):
            let lists = children.filter { !$0.isFilter }
            guard lists.count == 1, let list = lists.first, list.oneListAndFilters?.filters.isEmpty == true else { return nil }
            return (list, children.filter(\.isFilter))
        default: return nil
        }
    }

    /// The terms and entities that count towards the score (not those under NOT).
    func scoring(into terms: inout [Int], entities: inout [UInt32]) {
        switch self {
        case .term(let term): if let term { terms.append(term) }
        case .phrase(let phrase): terms.append(contentsOf: phrase.compactMap { $0 })
        case .entity(let entity): entities.append(entity)
        case .flow(let suppliers, let recipients, _):
            // Ranked like the parties' entity: queries.
            if let supplier = suppliers?.first { entities.append(supplier) }
            if let recipient = recipients?.first { entities.append(recipient) }
        case .and(let children), .or(let children): for child in children { child.scoring(into: &terms, entities: &entities) }
        case .not, .type, .since, .until, .source, .tag, .key: break
        }
    }

    /// The terms and entities that count towards the score, each once and in ascending
    /// order: the order in which every ranking path adds their contributions.
    var scoringParts: (terms: [Int], entities: [UInt32]) {
        var terms: [Int] = []
        var entities: [UInt32] = []
        self.scoring(into: &terms, entities: &entities)
        return (Array(Set(terms)).sorted(), Array(Set(entities)).sorted())
    }

    /// Entity types the query asks for (for highlighting).
    func types(into types: inout Set<EntityType>) {
        switch self {
        case .type(let type): types.insert(type)
        case .and(let children), .or(let children): for child in children { child.types(into: &types) }
        default: break
        }
    }
}

extension IndexState {
    /// Looks up the query's names (entity names through the gazetteer and the index's own,
    /// best first). No closure over `self`: capturing the state would copy it, a retain of
    /// every column per query.
    func resolve(_ node: QueryNode, gazetteer: Gazetteer) throws(QuerySyntaxError) -> ResolvedQuery {
        switch node {
        case .word(let word):
            let terms = Tokenizer.tokens(word).map { self.terms.ordinal(of: $0.term).map(Int.init) }
            if terms.isEmpty { return .and([]) }
            return terms.count == 1 ? .term(terms[0]) : .phrase(terms)
        case .phrase(let text):
            let terms = Tokenizer.tokens(text).map { self.terms.ordinal(of: $0.term).map(Int.init) }
            if terms.isEmpty { return .and([]) }
            return terms.count == 1 ? .term(terms[0]) : .phrase(terms)
        case .entity(let name, let offset):
            // Of several entities with that name, the one most documents mention.
            guard let best = self.mostMentioned(self.entityIDs(named: name, gazetteer: gazetteer)) else {
                throw QuerySyntaxError(offset: offset, "no entity is called '\(name)' (try axclient entity to look names up)")
            }
            return .entity(best)
        case .type(let type): return .type(type)
        case .since(let day): return .since(day)
        case .until(let day): return .until(day)
        case .source(let name): return .source(self.sources.ordinal(ofFolded: name))
        case .tag(let name): return .tag(self.tags.ordinal(ofFolded: name))
        case .key(let key, let prefix): return .key(key, prefix: prefix)
        case .flow(let supplier, let recipient, let item, let offset):
            func ordinals(_ name: String?) throws(QuerySyntaxError) -> [UInt32]? {
                guard let name else { return nil }
                var found: [UInt32] = []
                for id in self.entityIDs(named: name, gazetteer: gazetteer) {
                    if let ordinal = self.entities.ordinal(of: id), !found.contains(ordinal) { found.append(ordinal) }
                }
                guard !found.isEmpty else {
                    throw QuerySyntaxError(offset: offset, "no entity is called '\(name)' (try axclient entity to look names up)")
                }
                return found
            }
            let items = try ordinals(item).map { self.entities.classMembers(of: $0) }
            return .flow(suppliers: try ordinals(supplier), recipients: try ordinals(recipient), items: items)
        case .and(let children):
            var resolved: [ResolvedQuery] = []
            for child in children { resolved.append(try self.resolve(child, gazetteer: gazetteer)) }
            return .and(resolved)
        case .or(let children):
            var resolved: [ResolvedQuery] = []
            for child in children { resolved.append(try self.resolve(child, gazetteer: gazetteer)) }
            return .or(resolved)
        case .not(let inner):
            return .not(try self.resolve(inner, gazetteer: gazetteer))
        }
    }
}

extension StringInterner {
    /// The number of a string equal to `folded` without regard to case (first such string).
    func ordinal(ofFolded folded: String) -> UInt32? {
        if let exact = self.ordinal(of: folded) { return exact }
        return self.strings.firstIndex { $0.lowercased() == folded }.map { UInt32($0) }
    }
}
