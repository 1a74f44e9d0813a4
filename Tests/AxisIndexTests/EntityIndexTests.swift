import AxisTestSupport
@testable import AxisIndex
import Foundation
import Testing

@Suite("Entity index")
struct EntityIndexTests {
    static let day: Int64 = 86_400_000

    /// A snapshot of `text`, extracted with the bundled gazetteer.
    static func snapshot(
        _ sequence: UInt64, _ key: String, version: UInt32 = 1, time: Int64, _ text: String?, published: String = "",
        source: String = "desk", tags: [String] = []
    ) throws -> IndexedSnapshot {
        IndexedSnapshot(
            sequence: sequence, key: key, version: version, ingestTime: time, published: published, source: source, tags: tags,
            isTombstone: text == nil, extraction: try text.map { try Shared.extractor.get().extract($0) })
    }

    static let shells = "North Korea shipped artillery shells to Russia by rail, officials in Seoul said."
    static let drones = "Iran delivered Shahed drones to Russia last spring, according to Ukrainian intelligence."
    static let troops = "North Korea sent about 11,000 troops to Russia's Kursk region, Seoul said."

    static func filled() throws -> EntityIndex {
        let index = EntityIndex(gazetteer: try Shared.gazetteer.get())
        index.add([
            try Self.snapshot(1, "a", time: 1 * Self.day, Self.shells, published: "2024-10-03"),
            try Self.snapshot(2, "b", time: 2 * Self.day, Self.drones, published: "2024-11-01"),
            try Self.snapshot(3, "c", time: 3 * Self.day, Self.troops),
        ])
        return index
    }

    @Test("entities are ranked by documents; types filter; totals count every mentioned entity")
    func top() throws {
        let index = try Self.filled()
        let (entities, total) = index.topEntities(limit: 3)
        #expect(entities.first?.id == "country:russia" && entities.first?.documents == 3)
        #expect(total >= 8)
        let weapons = index.topEntities(type: .weapon, limit: 10).entities.map(\.id)
        #expect(weapons.contains("weapon:artillery-shell") && weapons.contains("weapon:military-personnel"))
        #expect(index.topEntities(type: .country, limit: 10).entities.allSatisfy { $0.type == .country })
    }

    @Test("a report: counts, co-occurring entities by shared documents, newest documents first")
    func report() throws {
        let index = try Self.filled()
        let report = try #require(index.report("country:russia"))
        #expect(report.entity.documents == 3 && report.entity.name == "Russia")
        // By published date, else the day stored (c has no published date: 1970-01-04).
        #expect(report.latestDocuments.map(\.key) == ["b", "a", "c"])
        #expect(report.latestDocuments.first?.day == "2024-11-01")
        let shared = Set(report.cooccurring.map(\.id))
        #expect(shared.contains("country:north-korea") && shared.contains("country:iran") && !shared.contains("country:russia"))
        #expect(index.report("country:atlantis") == nil)
    }

    @Test("a new version replaces the old one in the counts; a delete removes it; as-of sees the past")
    func versions() throws {
        let index = try Self.filled()
        index.add([try Self.snapshot(4, "a", version: 2, time: 5 * Self.day, Self.drones)])
        #expect(index.report("country:north-korea")?.entity.documents == 1)  // only "c" now
        #expect(index.report("country:iran")?.entity.documents == 2)
        index.add([try Self.snapshot(5, "b", version: 2, time: 6 * Self.day, nil)])
        #expect(index.report("country:iran")?.entity.documents == 1)
        // As of day 4, "a" was still its first version and "b" not yet deleted.
        let past = index.report("country:north-korea", asOf: 4 * Self.day)
        #expect(past?.entity.documents == 2)
        #expect(index.report("country:iran", asOf: 4 * Self.day)?.entity.documents == 1)
        #expect(index.topEntities(limit: 1, asOf: 1 * Self.day).entities.first?.documents == 1)
        #expect(index.topEntities(limit: 100, asOf: 0).total == 0)
    }

    @Test("per-snapshot entities, quantities and flows")
    func snapshotDetail() throws {
        let index = try Self.filled()
        let troops = try #require(index.snapshot(sequence: 3))
        let quantity = try #require(troops.quantities.first)
        #expect(quantity.value == 11_000 && quantity.unitEntityID == "weapon:military-personnel")
        let shells = try #require(index.snapshot(sequence: 1))
        #expect(shells.flows.contains { $0.supplier == "country:north-korea" && $0.recipient == "country:russia" && $0.item == "weapon:artillery-shell" })
        #expect(shells.entities.map(\.entity.id).contains("place:seoul"))
        #expect(index.snapshot(sequence: 9) == nil)
    }

    @Test("sequences the store skipped become empty rows; repeated sequences are ignored")
    func gaps() throws {
        let index = try Self.filled()
        index.add([try Self.snapshot(6, "d", time: 7 * Self.day, Self.shells)])
        #expect(index.indexedSequence == 6)
        #expect(index.snapshot(sequence: 4) == nil && index.snapshot(sequence: 6) != nil)
        index.add([try Self.snapshot(2, "b", time: 2 * Self.day, Self.shells)])
        #expect(index.report("country:iran")?.entity.documents == 1)
    }

    @Test("resolve: ids, names, aliases and demonyms, and discovered people by name")
    func resolve() throws {
        let index = try Self.filled()
        index.add([try Self.snapshot(4, "e", time: 4 * Self.day, "Defense Minister Arvid Kessling said the shipment was late.")])
        #expect(index.resolve("country:north-korea") == ["country:north-korea"])
        #expect(index.resolve("DPRK").first == "country:north-korea")
        #expect(index.resolve("Kim Jong-un").first == "person:kim-jong-un")
        let discovered = index.resolve("arvid kessling")
        #expect(discovered.count == 1)
        let discoveredID = try #require(discovered.first)
        let report = try #require(index.report(discoveredID))
        #expect(report.entity.discovered && report.entity.name == "Arvid Kessling")
    }

    @Test("a checkpoint restores the same answers; a damaged or foreign one is refused")
    func checkpoint() throws {
        let index = try Self.filled()
        index.add([
            try Self.snapshot(4, "a", version: 2, time: 5 * Self.day, Self.drones, tags: ["t1", "t2"]),
            try Self.snapshot(6, "e", time: 6 * Self.day, "Defense Minister Arvid Kessling said 300 drones arrived."),
        ])
        let bytes = IndexCheckpoint.encode(index)
        #expect(IndexCheckpoint.header(bytes)?.sequence == 6)
        let restored = try IndexCheckpoint.decode(bytes, gazetteer: try Shared.gazetteer.get())
        #expect(restored.indexedSequence == 6)
        #expect(restored.topEntities(limit: 50).entities == index.topEntities(limit: 50).entities)
        for id in ["country:russia", "country:north-korea", "weapon:uav"] {
            #expect(restored.report(id) == index.report(id))
            #expect(restored.report(id, asOf: 4 * Self.day) == index.report(id, asOf: 4 * Self.day))
        }
        for sequence in 1...6 { #expect(restored.snapshot(sequence: UInt64(sequence)) == index.snapshot(sequence: UInt64(sequence))) }
        #expect(restored.resolve("Arvid Kessling") == index.resolve("Arvid Kessling"))
        // Restored, it keeps indexing where it stopped.
        restored.add([try Self.snapshot(7, "f", time: 8 * Self.day, Self.troops)])
        #expect(restored.report("country:north-korea")?.entity.documents == 2)

        var damaged = bytes
        damaged[damaged.count / 2] ^= 0x10
        #expect(throws: IndexCheckpoint.Unusable.self) { try IndexCheckpoint.decode(damaged, gazetteer: try Shared.gazetteer.get()) }
        #expect(throws: IndexCheckpoint.Unusable.self) { try IndexCheckpoint.decode(Array(bytes.prefix(40)), gazetteer: try Shared.gazetteer.get()) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("axis-extra-\(UInt64.random(in: 0...UInt64.max)).json").path
        try Data(#"{"entities": [{"id": "org:test-desk", "name": "Test Desk"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let other = try Gazetteer.bundled().merging(try Gazetteer.load(contentsOf: path))
        #expect(throws: IndexCheckpoint.Unusable.self) { try IndexCheckpoint.decode(bytes, gazetteer: other) }
    }

    @Test("a document of made-up unique tokens adds a bounded amount to the index: distinct terms and indexed words are capped")
    func uniqueTokenFlood() throws {
        // 3 MB of unique tokens (about 400,000 distinct words): a client inflating the index.
        var random = SplitMix64(seed: 11)
        var words: [String] = []
        for _ in 0..<400_000 {
            words.append(String((0..<7).map { _ in Character(UnicodeScalar(UInt8(97 + random.next() % 26))) }))
        }
        let flood = words.joined(separator: " ")
        let terms = DocumentTerms(title: "", body: flood)
        #expect(terms.terms.count == DocumentTerms.maxDistinctTerms)
        #expect(terms.length == 400_000, "every word still counts for the document's length")

        let index = EntityIndex(gazetteer: try Shared.gazetteer.get())
        index.add([try Self.snapshot(1, "normal", time: Self.day, Self.shells)])
        let before = index.footprint.total
        var hostile = try Self.snapshot(2, "flood", time: Self.day, "Russia.")
        hostile.terms = terms
        index.add([hostile])
        let added = index.footprint.total - before
        // Uncapped, its 400,000 terms and their postings took 48 MB here; capped, 2.4 MB.
        #expect(added < 3 << 20, "a hostile document added \(added) bytes")
        print("index bytes added by a 3 MB document of unique tokens: \(added)")
    }
}
