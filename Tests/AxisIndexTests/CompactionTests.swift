@testable import AxisIndex
import Testing

/// Compaction copies the index's growing arrays to their exact size outside the lock and
/// puts them in place under it; it must change no answer, and must stop, losing nothing, if
/// anything is indexed between a copy and its swap.
@Suite("Index compaction")
struct CompactionTests {
    /// A third of the ranking tests' snapshots: enough for lists that grew past their size.
    static let fixtures = Array(RankingSelectionTests.fixtures.prefix(1_000))

    static let queries = ["shells", "shells drones", "\"drones were seen\"", "entity:country:russia", "artillery -drones"]

    /// Every answer the tests compare: hits with scores, totals, facets.
    static func answers(_ index: EntityIndex) throws -> [QueryOutcome] {
        try Self.queries.map { try index.query($0, options: QueryOptions(limit: 50, facets: 5)) }
    }

    static func sameAnswers(_ a: [QueryOutcome], _ b: [QueryOutcome]) -> Bool {
        zip(a, b).allSatisfy { $0.hits == $1.hits && $0.total == $1.total && $0.facets == $1.facets } && a.count == b.count
    }

    /// Term postings at their size (what compaction is for), give or take what compaction
    /// leaves (the allocator's rounding); a growing array holds up to twice what it needs.
    static func exact(_ index: EntityIndex) -> Bool {
        func fits(_ bytes: [UInt8]) -> Bool { bytes.capacity - bytes.count <= [UInt8].ignoredSpareBytes(bytes.count) }
        return index.state.withReadLock { state in state.termPostings.allSatisfy { fits($0.documents) && fits($0.positions) } }
    }

    /// Where each term's postings live (to tell a copy from the same buffer).
    static func addresses(_ index: EntityIndex) -> [UnsafeRawPointer?] {
        index.state.withReadLock { state in
            state.termPostings.flatMap { postings in
                [postings.documents.withUnsafeBytes { $0.baseAddress }, postings.positions.withUnsafeBytes { $0.baseAddress }]
            }
        }
    }

    @Test("capacity given back, every answer the same, and the index still grows after")
    func changesNoAnswer() throws {
        let index = try QueryEvaluationTests.index(Self.fixtures)
        let before = try Self.answers(index)
        let footprint = index.footprint.total
        #expect(!Self.exact(index))
        #expect(index.compact(beforeEachSwap: {}))
        #expect(Self.exact(index))
        #expect(index.footprint.total < footprint)
        #expect(Self.sameAnswers(try Self.answers(index), before))
        // A second compaction finds nothing worth copying: every buffer stays where it is.
        let placed = Self.addresses(index)
        #expect(index.compact(beforeEachSwap: {}))
        #expect(Self.addresses(index) == placed)
        // Postings appended after compaction land after the copied bytes.
        let extractor = try Shared.extractor.get()
        let text = "Shells were loaded. Drones were seen. Russia received them by rail."
        let sequence = index.indexedSequence + 1
        index.add([
            IndexedSnapshot(
                sequence: sequence, key: "late", version: 1, ingestTime: 0, published: "", source: "wire", tags: [], isTombstone: false,
                extraction: extractor.extract(text), terms: DocumentTerms(title: "", body: text))
        ])
        #expect(try index.query("shells drones", options: QueryOptions(limit: 100_000)).hits.contains { $0.key == "late" })
    }

    @Test("a snapshot indexed between a copy and its swap stops compaction; nothing is lost, answers match a fresh index")
    func stopsWhenTheIndexChanges() throws {
        let fixtures = Self.fixtures
        let index = try QueryEvaluationTests.index(Array(fixtures.dropLast()))
        let extractor = try Shared.extractor.get()
        let last = fixtures[fixtures.count - 1]
        var swaps = 0
        let completed = index.compact {
            swaps += 1
            // Indexed while the first copy is made, before it is put in place.
            guard swaps == 1 else { return }
            index.add([
                IndexedSnapshot(
                    sequence: UInt64(fixtures.count), key: last.key, version: 1, ingestTime: Int64(fixtures.count - 1), published: "",
                    source: last.source, tags: [], isTombstone: false, extraction: extractor.extract(last.text),
                    terms: DocumentTerms(title: "", body: last.text))
            ])
        }
        #expect(!completed && swaps == 1)
        let fresh = try QueryEvaluationTests.index(fixtures)
        #expect(Self.sameAnswers(try Self.answers(index), try Self.answers(fresh)))
        // The next compaction, with nothing indexed meanwhile, goes through.
        #expect(index.compact(beforeEachSwap: {}))
        #expect(Self.exact(index))
        #expect(Self.sameAnswers(try Self.answers(index), try Self.answers(fresh)))
    }
}
