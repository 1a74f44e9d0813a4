@testable import AxisIndex
import Testing

/// The incremental checkpoint (issue 19): a full checkpoint, then journal records of what
/// changed, restore the same index as the one that wrote them.
@Suite("Index checkpoint journal")
struct CheckpointJournalTests {
    static let day: Int64 = 86_400_000_000_000

    func snapshot(_ sequence: UInt64, _ key: String, version: UInt32 = 1, _ text: String?, tags: [String] = []) throws -> IndexedSnapshot {
        IndexedSnapshot(
            sequence: sequence, key: key, version: version, ingestTime: Int64(sequence) * Self.day, published: "2025-01-0\(sequence % 9 + 1)",
            source: "desk-\(sequence % 3)", tags: tags, isTombstone: text == nil,
            extraction: try text.map { try Shared.extractor.get().extract($0) },
            terms: text.map { DocumentTerms(title: key, body: $0) })
    }

    /// The whole index as a full checkpoint writes it: equal bytes, equal index.
    func same(_ first: EntityIndex, _ second: EntityIndex) -> Bool {
        IndexCheckpoint.encode(first) == IndexCheckpoint.encode(second)
    }

    @Test("a checkpoint and two journal records restore the index that wrote them: new versions, deletes, new names, terms and a gap")
    func restoresTheSameIndex() throws {
        let live = EntityIndex(gazetteer: try Shared.gazetteer.get())
        live.add([
            try self.snapshot(1, "a", "North Korea shipped artillery shells to Russia by rail, officials in Seoul said.", tags: ["rail"]),
            try self.snapshot(2, "b", "Iran delivered Shahed drones to Russia last spring, according to Ukrainian intelligence."),
        ])
        let (base, firstMark) = IndexCheckpoint.encodeMarked(live)
        #expect(IndexCheckpointDelta.encode(live, since: firstMark) == nil, "nothing changed: no record")

        live.add([
            // A new version of a document in the checkpoint, a new document with a person the
            // extractor discovers, a new tag and source, new words.
            try self.snapshot(3, "a", version: 2, "North Korea sent about 11,000 troops to Russia's Kursk region, Seoul said."),
            try self.snapshot(4, "c", "Defense Minister Arvid Kessling said 300 quadcopters arrived in Minsk.", tags: ["belarus"]),
        ])
        let first = try #require(IndexCheckpointDelta.encode(live, since: firstMark))
        live.add([
            // A delete of a checkpointed document, and a sequence the store skipped (damaged).
            try self.snapshot(5, "b", version: 2, nil),
            try self.snapshot(7, "d", "China exported machine tools to Russia, customs data show."),
        ])
        let second = try #require(IndexCheckpointDelta.encode(live, since: first.mark))
        #expect(second.mark.sequence == 7)

        let (restored, applied) = try IndexCheckpoint.decode(base, journal: [first.payload, second.payload], gazetteer: try Shared.gazetteer.get())
        #expect(applied == 2)
        #expect(restored.indexedSequence == 7)
        #expect(self.same(restored, live))
        #expect(restored.resolve("Arvid Kessling") == live.resolve("Arvid Kessling"))
        #expect(restored.report("country:iran") == live.report("country:iran"))
        #expect(restored.report("country:russia", asOf: 2 * Self.day + 1) == live.report("country:russia", asOf: 2 * Self.day + 1))

        // Restored, it keeps indexing and journaling where it stopped.
        let mark = IndexCheckpoint.mark(of: restored)
        restored.add([try self.snapshot(8, "e", "Iran shipped drones to Russia.")])
        live.add([try self.snapshot(8, "e", "Iran shipped drones to Russia.")])
        let third = try #require(IndexCheckpointDelta.encode(restored, since: mark))
        let (again, _) = try IndexCheckpoint.decode(base, journal: [first.payload, second.payload, third.payload], gazetteer: try Shared.gazetteer.get())
        #expect(self.same(again, live))
    }

    @Test("a record that does not start where the index stands, or does not decode whole, ends the restore there")
    func brokenChains() throws {
        let live = EntityIndex(gazetteer: try Shared.gazetteer.get())
        live.add([try self.snapshot(1, "a", "Iran delivered drones to Russia.")])
        let (base, mark) = IndexCheckpoint.encodeMarked(live)
        live.add([try self.snapshot(2, "b", "North Korea sent shells to Russia.")])
        let first = try #require(IndexCheckpointDelta.encode(live, since: mark))
        live.add([try self.snapshot(3, "c", "China sold drones to Russia.")])
        let second = try #require(IndexCheckpointDelta.encode(live, since: first.mark))

        let gazetteer = try Shared.gazetteer.get()
        // The second without the first does not chain: nothing applied.
        #expect(try IndexCheckpoint.decode(base, journal: [second.payload], gazetteer: gazetteer).applied == 0)
        // A first record cut short does not decode: the restore stops at the checkpoint (a
        // damaged payload is caught earlier, by the journal's checksum: see journalFraming).
        let cut = try IndexCheckpoint.decode(base, journal: [Array(first.payload.prefix(20)), second.payload], gazetteer: gazetteer)
        #expect(cut.applied == 0 && cut.index.indexedSequence == 1)
    }

    @Test("the journal file: records are framed and checked; a torn or damaged tail is not read; another checkpoint's journal is told apart")
    func journalFraming() throws {
        var bytes = IndexCheckpointJournal.header(baseSequence: 41)
        bytes += IndexCheckpointJournal.record([1, 2, 3])
        bytes += IndexCheckpointJournal.record(Array(repeating: 9, count: 300))
        let whole = try #require(IndexCheckpointJournal.parse(bytes))
        #expect(whole.baseSequence == 41 && whole.records == [[1, 2, 3], Array(repeating: 9, count: 300)])
        #expect(whole.validLength == bytes.count)

        // Torn: the last record cut anywhere keeps the first.
        for cut in 1..<(8 + 300) {
            let torn = try #require(IndexCheckpointJournal.parse(Array(bytes.dropLast(cut))))
            #expect(torn.records == [[1, 2, 3]])
            #expect(torn.validLength == IndexCheckpointJournal.headerSize + 8 + 3)
        }
        // A flipped byte in the first record's payload: nothing after the header is read.
        var flipped = bytes
        flipped[IndexCheckpointJournal.headerSize + 9] ^= 0x01
        #expect(try #require(IndexCheckpointJournal.parse(flipped)).records.isEmpty)
        // A length larger than the file is refused before any allocation.
        var huge = IndexCheckpointJournal.header(baseSequence: 1)
        huge += [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0]
        #expect(try #require(IndexCheckpointJournal.parse(huge)).records.isEmpty)
        #expect(IndexCheckpointJournal.parse(Array("not a journal at all, no".utf8)) == nil)
    }
}
