@testable import AxisIndex
import Testing

/// A small corpus written for these tests, queried through the whole path: tokens, entities,
/// boolean logic, phrases, dates, as-of, paging and ranking.
@Suite("Query language: evaluation")
struct QueryEvaluationTests {
    static let day: Int64 = 86_400_000

    struct Fixture {
        var key: String
        var text: String
        var published: String = ""
        var source: String = "wire"
        var tags: [String] = []
        var time: Int64 = 0
        var title: String = ""
    }

    static let corpus: [Fixture] = [
        Fixture(key: "wire/shells", text: "North Korea shipped artillery shells to Russia by rail, officials in Seoul said.", published: "2024-10-03", tags: ["korea"]),
        Fixture(key: "wire/drones", text: "Iran delivered Shahed drones to Russia. The drones were assembled near Moscow.", published: "2024-11-01", source: "desk"),
        Fixture(key: "wire/troops", text: "North Korea sent about 11,000 troops to the Kursk region, the Pentagon said.", published: "2024-12-05", tags: ["korea", "troops"]),
        Fixture(key: "notes/drone-factory", text: "A drone factory in Tatarstan builds drones of an Iranian design. Drones, drones and more drones.", published: "2025-01-10"),
        Fixture(key: "notes/shells-artillery", text: "Shells for artillery were counted; artillery crews asked for more shells.", published: "2025-02-01"),
        Fixture(key: "wire/grain", text: "Russia shipped grain to North Korea in exchange, analysts said.", source: "desk", time: 3 * day),
        Fixture(key: "wire/minister", text: "Defense Minister Arvid Kessling of Norway said the drones were a concern.", published: "2025-03-01"),
    ]

    static func index(_ fixtures: [Fixture] = corpus) throws -> EntityIndex {
        let index = EntityIndex(gazetteer: try Shared.gazetteer.get())
        let extractor = try Shared.extractor.get()
        index.add(fixtures.enumerated().map { offset, fixture in
            IndexedSnapshot(
                sequence: UInt64(offset + 1), key: fixture.key, version: 1, ingestTime: fixture.time + Int64(offset), published: fixture.published,
                source: fixture.source, tags: fixture.tags, isTombstone: false, extraction: extractor.extract(fixture.text),
                terms: DocumentTerms(title: fixture.title, body: fixture.text))
        })
        return index
    }

    /// The first page of `query` ranked in one pass, expected to equal the one the general
    /// path ranks (hits with their scores, total, facets, next token); returned for more checks.
    @discardableResult
    static func expectOnePassAsGeneral(
        _ index: EntityIndex, _ query: String, _ options: QueryOptions, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> QueryOutcome {
        var general = options
        general.singlePass = false
        let fast = try index.query(query, options: options)
        let slow = try index.query(query, options: general)
        #expect(
            fast.hits == slow.hits && fast.total == slow.total && fast.facets == slow.facets,
            "\(query) limit \(options.limit), facets \(options.facets)", sourceLocation: sourceLocation)
        #expect(fast.next?.text == slow.next?.text, sourceLocation: sourceLocation)
        return fast
    }

    /// Every hit's key, page after page of `limit` (the first ranked in one pass, the others
    /// the general way after its token).
    static func pagedKeys(_ index: EntityIndex, _ query: String, limit: Int) throws -> [String] {
        var keys: [String] = []
        var options = QueryOptions(limit: limit)
        repeat {
            let page = try index.query(query, options: options)
            keys += page.hits.map(\.key)
            options.after = page.next
        } while options.after != nil
        return keys
    }

    static func keys(_ index: EntityIndex, _ query: String, _ options: QueryOptions = QueryOptions(limit: 100)) throws -> Set<String> {
        Set(try index.query(query, options: options).hits.map(\.key))
    }

    @Test("words (any case, plurals), AND, OR, NOT, parentheses")
    func boolean() throws {
        let index = try Self.index()
        #expect(try Self.keys(index, "DRONE") == ["wire/drones", "notes/drone-factory", "wire/minister"])
        #expect(try Self.keys(index, "drones Russia") == ["wire/drones"])
        #expect(try Self.keys(index, "drones OR grain") == ["wire/drones", "notes/drone-factory", "wire/minister", "wire/grain"])
        #expect(try Self.keys(index, "drones -Russia") == ["notes/drone-factory", "wire/minister"])
        #expect(try Self.keys(index, "shipped AND NOT (grain OR rail)").isEmpty)
        #expect(try Self.keys(index, "(shells OR troops) said") == ["wire/shells", "wire/troops"])
        #expect(try Self.keys(index, "NOT drones").count == 4)
        #expect(try Self.keys(index, "zeppelin").isEmpty)
    }

    @Test("phrases keep word order; inner punctuation makes a phrase")
    func phrases() throws {
        let index = try Self.index()
        #expect(try Self.keys(index, "\"artillery shells\"") == ["wire/shells"])
        #expect(try Self.keys(index, "\"shells for artillery\"") == ["notes/shells-artillery"])
        #expect(try Self.keys(index, "\"drone factory\"") == ["notes/drone-factory"])
        #expect(try Self.keys(index, "11,000").contains("wire/troops"))
    }

    @Test("entities by id, name, alias and demonym; types; unknown names are errors")
    func entities() throws {
        let index = try Self.index()
        let korea: Set<String> = ["wire/shells", "wire/troops", "wire/grain"]
        #expect(try Self.keys(index, "entity:country:north-korea") == korea)
        #expect(try Self.keys(index, "entity:DPRK") == korea)
        #expect(try Self.keys(index, "entity:\"North Korean\"") == korea)
        #expect(try Self.keys(index, "type:person") == ["wire/minister"])
        #expect(try Self.keys(index, "entity:\"Arvid Kessling\"") == ["wire/minister"])
        #expect(try Self.keys(index, "type:weapon entity:country:iran") == ["wire/drones", "notes/drone-factory"])
        #expect {
            _ = try index.query("drones entity:\"Atlantis\"")
        } throws: { error in
            (error as? QuerySyntaxError)?.offset == 14 && "\(error)".contains("no entity")
        }
    }

    @Test("dates (published, else ingest day), sources, tags, keys")
    func filters() throws {
        let index = try Self.index()
        #expect(try Self.keys(index, "since:2025-01-01 drones") == ["notes/drone-factory", "wire/minister"])
        #expect(try Self.keys(index, "until:2024-11-30 Russia") == ["wire/shells", "wire/drones", "wire/grain"])
        #expect(try Self.keys(index, "since:2024-11 until:2024-12") == ["wire/drones", "wire/troops"])
        // No published date: the day it was stored (1970-01-04 here).
        #expect(try Self.keys(index, "until:1970-01-04") == ["wire/grain"])
        #expect(try Self.keys(index, "source:DESK") == ["wire/drones", "wire/grain"])
        #expect(try Self.keys(index, "tag:korea -tag:troops") == ["wire/shells"])
        #expect(try Self.keys(index, "key:notes/*") == ["notes/drone-factory", "notes/shells-artillery"])
        #expect(try Self.keys(index, "key:wire/grain") == ["wire/grain"])
        #expect(try Self.keys(index, "source:nobody").isEmpty)
    }

    @Test("ranking: more occurrences rank higher, rare words weigh more, entity evidence counts")
    func ranking() throws {
        let index = try Self.index()
        let drones = try index.query("drones")
        #expect(drones.hits.first?.key == "notes/drone-factory")
        #expect(drones.hits.map(\.score) == drones.hits.map(\.score).sorted(by: >))
        // "kursk" is rarer than "said": the troops story leads for the pair.
        let pair = try index.query("Kursk OR said")
        #expect(pair.hits.first?.key == "wire/troops")
        let entity = try index.query("entity:country:russia drones")
        #expect(entity.hits.first?.key == "wire/drones" && entity.hits.first.map { $0.score > 0 } == true)
    }

    @Test("paging: pages in order, no duplicate, no gap, even with documents added in between")
    func paging() throws {
        let index = try Self.index()
        let query = "said OR drones OR shells OR Russia"
        var options = QueryOptions(limit: 2)
        var seen: [String] = []
        var first = true
        while true {
            let page = try index.query(query, options: options)
            #expect(page.total == 7)
            seen += page.hits.map(\.key)
            if first {
                // A document added after the first page does not move the pages.
                let extractor = try Shared.extractor.get()
                let text = "Russia said drones and shells arrived."
                index.add([
                    IndexedSnapshot(
                        sequence: 8, key: "late", version: 1, ingestTime: 100, published: "", source: "x", tags: [], isTombstone: false,
                        extraction: extractor.extract(text), terms: DocumentTerms(title: "", body: text))
                ])
                first = false
            }
            guard let next = page.next else { break }
            options.after = ResumeToken(text: next.text, query: query)
            #expect(options.after != nil)
        }
        #expect(seen.count == 7 && Set(seen).count == 7 && !seen.contains("late"), "\(seen)")
        #expect(try index.query(query).total == 8)
        // A token is tied to its query.
        let token = try #require(try index.query(query, options: QueryOptions(limit: 1)).next)
        #expect(ResumeToken(text: token.text, query: "something else") == nil)
        #expect(ResumeToken(text: "garbage!", query: query) == nil)
    }

    @Test("a one-entity first page ranked in one pass equals the general path: hits, scores, totals, facets; later pages follow on")
    func singlePass() throws {
        let index = try Self.index()
        for entity in ["country:russia", "country:north-korea", "weapon:drone", "country:iran", "place:kursk"] {
            // Alone, and with filters only (one pass too): dates, a source, NOT a tag.
            for filters in ["", " since:2024-11-01", " until:2024-12-31 source:wire", " -tag:korea"] {
                for limit in [1, 2, 100] {
                    try Self.expectOnePassAsGeneral(index, "entity:\(entity)\(filters)", QueryOptions(limit: limit))
                }
            }
            // Paging from a one-pass first page through the general path: every hit once.
            let seen = try Self.pagedKeys(index, "entity:\(entity)", limit: 1)
            let total = try index.query("entity:\(entity)", options: QueryOptions(limit: 100)).total
            #expect(seen.count == Set(seen).count && seen.count == total)
        }
    }

    @Test("one pass over thousands of hits (the buffered cut and its pre-check at work) equals the general path")
    func singlePassLarge() throws {
        // 5,000 snapshots naming Russia one to four times, of lengths that vary, so scores
        // rise and fall through the postings and the best 1,000 change many times.
        let fixtures = (0..<5_000).map { number in
            let mentions = Array(repeating: "Russia sent shells.", count: 1 + number * 7 % 4).joined(separator: " ")
            let padding = Array(repeating: "talks", count: number * 37 % 401).joined(separator: " ")
            return Fixture(key: "bulk/\(number)", text: mentions + " " + padding)
        }
        let index = try Self.index(fixtures)
        // Without facets the one pass keeps only the page, and its cut nears the final one
        // early: a pre-check that dropped a hit it should keep would change the page.
        for (limit, facets) in [(1, 0), (10, 0), (100, 0), (10, 5), (1_500, 5)] {
            let fast = try Self.expectOnePassAsGeneral(index, "entity:country:russia", QueryOptions(limit: limit, facets: facets))
            #expect(fast.total == 5_000)
        }
    }

    @Test("a one-word first page ranked in one pass equals the general path, with replaced and deleted documents among the word's postings")
    func singlePassWord() throws {
        let extractor = try Shared.extractor.get()
        let index = EntityIndex(gazetteer: try Shared.gazetteer.get())
        var snapshots: [IndexedSnapshot] = []
        var versions: [String: UInt32] = [:]
        var current: [String: String] = [:]
        func add(_ key: String, _ text: String?) {
            let version = (versions[key] ?? 0) + 1
            versions[key] = version
            current[key] = text
            snapshots.append(
                IndexedSnapshot(
                    sequence: UInt64(snapshots.count + 1), key: key, version: version, ingestTime: 1_700_000_000_000 + Int64(snapshots.count),
                    published: "", source: "wire", tags: [], isTombstone: text == nil, extraction: text.map(extractor.extract),
                    terms: text.map { DocumentTerms(title: "", body: $0) }))
        }
        // 3,000 documents naming shells one to four times, of lengths that vary; then a third
        // replaced (half of those no longer say it) and a tenth deleted: the word's list keeps
        // the old versions' postings, which the one pass must not count or rank.
        for number in 0..<3_000 {
            let mentions = Array(repeating: "Shells were sent.", count: 1 + number * 7 % 4).joined(separator: " ")
            add("bulk/\(number)", mentions + " " + Array(repeating: "talks", count: number * 37 % 401).joined(separator: " "))
        }
        for number in stride(from: 0, to: 3_000, by: 3) {
            add("bulk/\(number)", number % 2 == 0 ? "Nothing was sent, talks went on." : "Shells, shells and shells.")
        }
        for number in stride(from: 1, to: 3_000, by: 10) { add("bulk/\(number)", nil) }
        index.add(snapshots)
        let visible = current.values.filter { $0.lowercased().contains("shells") }.count
        for (limit, facets) in [(1, 0), (10, 0), (100, 0), (10, 5), (1_500, 5), (5_000, 0)] {
            // Alone, and with filters only (one pass too): a key prefix, a NOT of one, a type.
            for word in ["shells", "talks", "sent", "shells key:bulk/1*", "talks -key:bulk/2*", "sent type:country"] {
                let fast = try Self.expectOnePassAsGeneral(index, word, QueryOptions(limit: limit, facets: facets))
                if word == "shells" { #expect(fast.total == visible) }
                if word == "shells key:bulk/1*" {
                    #expect(fast.total == current.filter { $0.key.hasPrefix("bulk/1") && $0.value.lowercased().contains("shells") }.count)
                }
            }
        }
        // Paging on from a one-pass first page through the general path: every hit once.
        let seen = try Self.pagedKeys(index, "shells", limit: 700)
        #expect(seen.count == Set(seen).count && seen.count == visible)
    }

    @Test("queries from several tasks while the indexer adds: every answer is a consistent state, never less than the last")
    func concurrentReadersAndWriter() async throws {
        let index = try Self.index()
        let extractor = try Shared.extractor.get()
        let before = try index.query("entity:country:russia").total
        let added = 600
        let text = "Russia received more shells by rail."
        let extraction = extractor.extract(text)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var last = before
                    while last < before + added {
                        let total = try index.query("entity:country:russia", options: QueryOptions(limit: 3)).total
                        #expect(total >= last && total <= before + added)
                        last = total
                        // The pool may have as few threads as cores: let the writer run.
                        await Task.yield()
                    }
                }
            }
            group.addTask {
                let first = Int(index.indexedSequence) + 1
                for batch in stride(from: 0, to: added, by: 20) {
                    index.add((batch..<batch + 20).map { offset in
                        IndexedSnapshot(
                            sequence: UInt64(first + offset), key: "bulk/\(offset)", version: 1, ingestTime: Int64(offset), published: "",
                            source: "wire", tags: [], isTombstone: false, extraction: extraction, terms: DocumentTerms(title: "", body: text))
                    })
                }
            }
            try await group.waitForAll()
        }
        #expect(try index.query("entity:country:russia").total == before + added)
    }

    @Test("as of a time: each document as it stood then")
    func asOf() throws {
        let index = try Self.index()
        let extractor = try Shared.extractor.get()
        let revised = "Russia shipped grain and fertiliser to North Korea, analysts said."
        index.add([
            IndexedSnapshot(
                sequence: 8, key: "wire/grain", version: 2, ingestTime: 10 * Self.day, published: "", source: "desk", tags: [],
                isTombstone: false, extraction: extractor.extract(revised), terms: DocumentTerms(title: "", body: revised)),
            IndexedSnapshot(sequence: 9, key: "wire/drones", version: 2, ingestTime: 11 * Self.day, published: "", source: "desk", tags: [], isTombstone: true, extraction: nil),
        ])
        #expect(try Self.keys(index, "fertiliser") == ["wire/grain"])
        #expect(try Self.keys(index, "fertiliser", QueryOptions(asOf: 5 * Self.day)).isEmpty)
        #expect(try Self.keys(index, "grain", QueryOptions(asOf: 5 * Self.day)) == ["wire/grain"])
        #expect(try Self.keys(index, "Shahed").isEmpty)
        #expect(try Self.keys(index, "Shahed", QueryOptions(asOf: 5 * Self.day)) == ["wire/drones"])
        #expect(try Self.keys(index, "Shahed", QueryOptions(asOf: -1)).isEmpty)
    }

    @Test("facets: entities of each type among the hits")
    func facets() throws {
        let index = try Self.index()
        let outcome = try index.query("said", options: QueryOptions(facets: 3))
        let countries = try #require(outcome.facets.first { $0.type == .country })
        #expect(countries.entities.first?.id == "country:north-korea" && countries.entities.first?.documents == 3)
        #expect(countries.entities.count <= 3)
        #expect(try index.query("said", options: QueryOptions(facets: 0)).facets.isEmpty)
    }

    @Test("the full-text index survives a checkpoint")
    func checkpoint() throws {
        let index = try Self.index()
        let restored = try IndexCheckpoint.decode(IndexCheckpoint.encode(index), gazetteer: try Shared.gazetteer.get())
        for query in ["drones", "\"artillery shells\"", "entity:DPRK since:2024-12", "tag:korea", "NOT drones"] {
            let a = try index.query(query)
            let b = try restored.query(query)
            #expect(a.hits == b.hits && a.total == b.total, "\(query)")
        }
    }

    @Test("the best k hits: a heap for pages, quickselect for facets, a buffered cut for one pass, all agree with a full sort")
    func topHits() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let hits = (0..<Int.random(in: 0...5000, using: &random)).map { index in
                (sequence: UInt32(index + 1), score: Double(Int.random(in: 0...30, using: &random)))
            }
            let sorted = hits.sorted(by: TopHits.ranksBefore)
            for k in [0, 1, 10, 100, 1000] {
                let expected = Array(sorted.prefix(k))
                #expect(TopHits.best(hits, k).map(\.sequence) == expected.map(\.sequence))
                #expect(Set(TopHits.bestUnordered(hits, k).map(\.sequence)) == Set(expected.map(\.sequence)))
                var best = BestHits(keeping: k)
                for hit in hits { best.offer(hit) }
                #expect(Set(best.best().map(\.sequence)) == Set(expected.map(\.sequence)), "k \(k), \(hits.count) hits")
            }
        }
    }

    @Test("sorted-set intersection, by bitmap, merged or galloping, agrees with sets")
    func intersection() {
        var random = SystemRandomNumberGenerator()
        let sizes = [(0, 50), (1, 1), (300, 300), (300, 1_000), (100, 5_000), (2_000, 2_100), (50, 0)]
        // Dense values take the bitmap; values spread over a wide range take the merge.
        for ((small, large), spread) in sizes.flatMap({ size in [(size, 3), (size, 1_000_000)] }) {
            for _ in 0..<5 {
                let range = 1...UInt32(clamping: max(2, large * spread))
                let a = Set((0..<small).map { _ in UInt32.random(in: range, using: &random) }).sorted()
                let b = Set((0..<large).map { _ in UInt32.random(in: range, using: &random) }).sorted()
                let expected = Set(a).intersection(b).sorted()
                #expect(SortedSets.intersection(a, b) == expected, "\(a.count) and \(b.count) over \(range)")
                #expect(SortedSets.intersection(b, a) == expected)
            }
        }
        #expect(SortedSets.intersection([1, UInt32.max], [0, UInt32.max]) == [UInt32.max])
    }

    /// The names' occurrences in `text`, its word starts found as a snippet finds them.
    static func find(_ names: EntityNames, in text: String) -> [Snippet.Highlight] {
        var text = text
        return text.withUTF8 { names.find(in: $0, words: WordBits($0)) }
    }

    @Test("snippet terms found at word starts 64 bytes at a time are the words a full tokenization finds")
    func findTermsAgreesWithTokenizing() {
        var random = SystemRandomNumberGenerator()
        let words = ["Shells", "shell", "shelling", "drones", "Drone", "x", "rail", "railways", "über", "2024", "shells'", "co-op"]
        let separators = [" ", ", ", ". ", "\n", " — ", "(", ") ", "\u{201C}", "\u{201D} ", "-"]
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                text += (words.randomElement(using: &random) ?? "") + (separators.randomElement(using: &random) ?? " ")
            }
            let terms: Set<String> = ["shell", "drone", "rail", "2024"]
            var expected: [Range<Int>] = []
            var found: [Range<Int>] = []
            text.utf8CString.dropLast().map { UInt8(bitPattern: $0) }.withUnsafeBufferPointer { bytes in
                Tokenizer.scan(bytes) { word, range in
                    if terms.contains(String(decoding: word, as: UTF8.self)) { expected.append(range) }
                }
                found = Snippet.findTerms(terms, in: bytes, words: WordBits(bytes)).map(\.range)
            }
            #expect(found == expected, "\(text)")
        }
    }

    @Test("snippets: the sentence with the most query words and entities, marks at the right bytes")
    func snippets() {
        let body = "Nothing here. North Korea sent shells to Russia, and the US watched. Shells again."
        let snippet = Snippet.make(
            body: body, terms: ["shell"], names: EntityNames([EntityForm(text: "North Korea", entityID: "country:north-korea"), EntityForm(text: "US", entityID: "country:us")]),
            sentences: 1)
        #expect(snippet.text == "North Korea sent shells to Russia, and the US watched.")
        let bytes = Array(snippet.text.utf8)
        #expect(snippet.highlights.map { String(decoding: bytes[$0.range], as: UTF8.self) } == ["North Korea", "shells", "US"])
        #expect(Snippet.make(body: "the us and them", terms: [], names: EntityNames([EntityForm(text: "US", entityID: "x")]), sentences: 1).highlights.isEmpty)
        // Names in curly quotes, after a dash, and across the 64-byte blocks the text is read in.
        let names = EntityNames([EntityForm(text: "North Korea", entityID: "country:north-korea")])
        let quoted = String(repeating: "Filler words here. ", count: 3) + "He said “North Korea” twice—North Korea—and North Koreans."
        let marked = Self.find(names, in: quoted).map { String(decoding: Array(quoted.utf8)[$0.range], as: UTF8.self) }
        #expect(marked == ["North Korea", "North Korea"], "\(marked)")
        for padding in 50...70 {
            let text = String(repeating: "x", count: padding) + " North Korea."
            #expect(Self.find(names, in: text).map(\.range) == [(padding + 1)..<(padding + 12)], "padding \(padding)")
        }
        let long = String(repeating: "word ", count: 200) + "target " + String(repeating: "word ", count: 200)
        let cut = Snippet.make(body: long, terms: ["target"], sentences: 1)
        #expect(cut.text.hasPrefix("…") && cut.text.hasSuffix("…") && cut.text.utf8.count < 400)
        #expect(cut.highlights.count == 1)
    }
}
