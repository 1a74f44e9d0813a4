@testable import AxisIndex
import Foundation
import Synchronization
import Testing

/// Flows asked about directly (EntityIndex.flows): roll-up, item classes, grouping and
/// corroboration, paging while documents arrive, as-of, and the flow details the extractor adds.
@Suite("Flow index")
struct FlowIndexTests {
    static let day: Int64 = 86_400_000

    static func snapshot(
        _ sequence: UInt64, _ key: String, version: UInt32 = 1, time: Int64, _ text: String?, published: String = "", source: String = "desk",
        tags: [String] = []
    ) throws -> IndexedSnapshot {
        try EntityIndexTests.snapshot(sequence, key, version: version, time: time, text, published: published, source: source, tags: tags)
    }

    static let pyongyang = "Pyongyang shipped more than 100 KN-23 missiles to Russia last year."
    static let shells = "North Korea sent artillery shells to Russia, according to Ukrainian intelligence."
    static let shellsAgain = "North Korea sent artillery shells to Russia by rail."
    static let drones = "Iran delivered Shahed-136 drones to Russia."

    static func filled() throws -> EntityIndex {
        let index = EntityIndex(gazetteer: try Shared.gazetteer.get())
        index.add([
            try Self.snapshot(1, "a", time: 1 * Self.day, Self.pyongyang, published: "2024-03-01", source: "reuters"),
            try Self.snapshot(2, "b", time: 2 * Self.day, Self.shells, published: "2024-05-01", source: "reuters"),
            try Self.snapshot(3, "c", time: 3 * Self.day, Self.shellsAgain, published: "2024-06-01", source: "reuters", tags: ["rail"]),
            try Self.snapshot(4, "d", time: 4 * Self.day, Self.shellsAgain, published: "2024-07-01", source: "ap"),
            try Self.snapshot(5, "e", time: 5 * Self.day, Self.drones, published: "2024-08-01", source: "ap"),
        ])
        return index
    }

    static func filter(from: String? = nil, to: String? = nil, item: String? = nil) -> FlowFilter {
        var filter = FlowFilter()
        filter.supplier = from
        filter.recipient = to
        filter.item = item
        return filter
    }

    @Test("the extractor keeps the party as named, the roll-up, the attribution and the quantity's role")
    func details() throws {
        let flows = try extract(Self.pyongyang).flows
        let missile = try #require(flows.first { $0.item == "weapon:kn-23" })
        #expect(missile.supplier == "country:north-korea")
        #expect(missile.supplierEntity == "place:pyongyang")
        #expect(missile.quantity != nil && missile.quantityRole == .delivered)
        let attributed = try #require(try extract(Self.shells).flows.first)
        #expect(attributed.attribution?.hasPrefix("org:") == true || attributed.attribution == "country:ukraine")
        #expect(attributed.supplier == "country:north-korea" && attributed.recipient == "country:russia")
    }

    @Test("killed or wounded soldiers are casualties, not the size of a deployment")
    func casualties() throws {
        let extraction = try extract("North Korea sent troops to Russia; about 1,000 North Korean soldiers were killed or wounded.")
        for flow in extraction.flows where flow.item == "weapon:military-personnel" {
            #expect(flow.quantity == nil)
        }
    }

    @Test("a country includes what rolls up to it; a specific name matches only itself")
    func rollUp() throws {
        let index = try Self.filled()
        let all = try index.flows(Self.filter(from: "North Korea"), grouped: false, limit: 100)
        #expect(Set(all.rows.map(\.key)) == ["a", "b", "c", "d"])
        let capital = try index.flows(Self.filter(from: "Pyongyang"), grouped: false, limit: 100)
        #expect(capital.rows.map(\.key) == ["a"])
        #expect(capital.rows.first?.supplierEntity.id == "place:pyongyang" && capital.rows.first?.supplier.id == "country:north-korea")
        #expect(throws: AggregateError.unknownEntityIn(field: "supplier", name: "Atlantis")) { try index.flows(Self.filter(from: "Atlantis"), grouped: false, limit: 10) }
        #expect(throws: AggregateError.unknownEntityIn(field: "item", name: "unobtainium")) { try index.flows(Self.filter(item: "unobtainium"), grouped: false, limit: 10) }
    }

    @Test("an item class includes its members")
    func itemClasses() throws {
        let index = try Self.filled()
        let missiles = try index.flows(Self.filter(item: "weapon:missile"), grouped: false, limit: 100)
        #expect(missiles.rows.map(\.item.id) == ["weapon:kn-23"])
        let drones = try index.flows(Self.filter(item: "drone"), grouped: false, limit: 100)
        #expect(drones.rows.map(\.key) == ["e"])
        let munitions = try index.flows(Self.filter(item: "weapon:munitions"), grouped: false, limit: 100)
        #expect(Set(munitions.rows.map(\.key)) == ["b", "c", "d"])
    }

    @Test("groups count documents and distinct sources: two documents of one source corroborate once")
    func grouping() throws {
        let index = try Self.filled()
        let results = try index.flows(Self.filter(from: "North Korea", item: "weapon:artillery-shell"), grouped: true, limit: 10)
        let group = try #require(results.groups.first)
        #expect(results.total == 1)
        #expect(group.documents == 3)
        #expect(group.sources == 2)
        #expect(group.firstDay == "2024-05-01" && group.lastDay == "2024-07-01")
        #expect(group.modalityCounts[.reported] == 1 && group.modalityCounts[.asserted] == 2)
        // Asserted beats reported; of the asserted, the newest.
        #expect(group.best.key == "d")
    }

    @Test("filters: modality, dates, source, tag, and a restricting query")
    func filters() throws {
        let index = try Self.filled()
        var filter = Self.filter(from: "North Korea")
        filter.modalities = [.reported]
        #expect(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key) == ["b"])
        filter = Self.filter()
        filter.since = "2024-06"
        filter.until = "2024-07-31"
        #expect(Set(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key)) == ["c", "d"])
        filter = Self.filter()
        filter.source = "ap"
        #expect(Set(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key)) == ["d", "e"])
        filter = Self.filter()
        filter.tag = "rail"
        #expect(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key) == ["c"])
        filter = Self.filter()
        filter.restriction = "entity:Iran"
        #expect(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key) == ["e"])
        filter.restriction = "(("
        #expect(throws: AggregateError.self) { try index.flows(filter, grouped: false, limit: 10) }
    }

    @Test("pages neither repeat nor skip while documents arrive, and a token is only good for its question")
    func paging() throws {
        let index = try Self.filled()
        let first = try index.flows(Self.filter(), grouped: false, limit: 2)
        #expect(first.total == 5)
        let token = try #require(first.next?.text)
        index.add([try Self.snapshot(6, "f", time: 6 * Self.day, Self.drones, published: "2025-01-01")])
        let second = try index.flows(Self.filter(), grouped: false, limit: 2, after: token)
        let third = try index.flows(Self.filter(), grouped: false, limit: 2, after: try #require(second.next?.text))
        let keys = (first.rows + second.rows + third.rows).map(\.key)
        #expect(keys == ["e", "d", "c", "b", "a"])
        #expect(third.next == nil)
        #expect(try index.flows(Self.filter(), grouped: false, limit: 10).total == 6)
        #expect(throws: AggregateError.badToken) { try index.flows(Self.filter(from: "Iran"), grouped: false, limit: 2, after: token) }
    }

    @Test("a page token is the client's: an offset past any index is refused, not added to")
    func hostileToken() throws {
        let index = try Self.filled()
        let filter = Self.filter()
        let forged = ResumeToken(view: IndexView(through: 5), score: 0, sequence: UInt64.max, query: "rows\u{1F}" + filter.canonical)
        #expect(throws: AggregateError.badToken) { try index.flows(filter, grouped: false, limit: 20, after: forged.text) }
        let far = ResumeToken(view: IndexView(through: 5), score: 0, sequence: 1_000_000, query: "rows\u{1F}" + filter.canonical)
        #expect(try index.flows(filter, grouped: false, limit: 20, after: far.text).rows.isEmpty)
    }

    @Test("source and tag match whole, ignoring case, as in the query language")
    func foldedSourceAndTag() throws {
        let index = try Self.filled()
        var filter = Self.filter()
        filter.source = "AP"
        #expect(Set(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key)) == ["d", "e"])
        filter.source = nil
        filter.tag = "Rail"
        #expect(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key) == ["c"])
    }

    @Test("as of a time, and after a delete or a new version")
    func views() throws {
        let index = try Self.filled()
        var filter = Self.filter(from: "Iran")
        filter.asOf = 4 * Self.day
        #expect(try index.flows(filter, grouped: false, limit: 10).rows.isEmpty)
        index.add([try Self.snapshot(6, "e", version: 2, time: 6 * Self.day, nil)])
        #expect(try index.flows(Self.filter(from: "Iran"), grouped: false, limit: 10).rows.isEmpty)
        filter.asOf = 5 * Self.day
        #expect(try index.flows(filter, grouped: false, limit: 10).rows.map(\.key) == ["e"])
    }

    @Test("flows survive the checkpoint")
    func checkpoint() throws {
        let index = try Self.filled()
        let bytes = IndexCheckpoint.encode(index)
        let restored = try IndexCheckpoint.decode(bytes, gazetteer: try Shared.gazetteer.get())
        let before = try index.flows(Self.filter(), grouped: false, limit: 10).rows
        let after = try restored.flows(Self.filter(), grouped: false, limit: 10).rows
        #expect(before == after)
        #expect(before.contains { $0.quantity != nil && $0.supplierEntity.id == "place:pyongyang" })
    }
}

@Suite("Flow index: the two walks agree")
struct FlowWalkTests {
    /// Sentences from every combination of a few parties (countries and capitals), items,
    /// modalities and quantities, over 120 documents with some versions replaced and deleted.
    static func index() throws -> EntityIndex {
        let index = EntityIndex(gazetteer: try Shared.gazetteer.get())
        index.add(try Self.snapshots(1...120, seed: 7))
        return index
    }

    static func snapshots(_ sequences: ClosedRange<Int>, seed: UInt64, keyPrefix: String = "doc") throws -> [IndexedSnapshot] {
        let suppliers = ["North Korea", "Pyongyang", "Iran", "Tehran", "China"]
        let recipients = ["Russia", "Moscow", "Syria"]
        let items = ["artillery shells", "KN-23 missiles", "Shahed-136 drones", "troops"]
        let frames = ["%@ sent %@ %@ to %@.", "%@ may send %@ %@ to %@.", "%@ has not sent %@ %@ to %@.", "%@ shipped %@ %@ to %@, officials said."]
        var random = Seeded(state: seed)
        var snapshots: [IndexedSnapshot] = []
        for sequence in sequences {
            var text = ""
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let frame = frames[Int(random.next() % UInt64(frames.count))]
                let amount = random.next() % 2 == 0 ? "" : "\(1 + random.next() % 50),000"
                let parts = [
                    suppliers[Int(random.next() % UInt64(suppliers.count))], amount, items[Int(random.next() % UInt64(items.count))],
                    recipients[Int(random.next() % UInt64(recipients.count))],
                ]
                var sentence = frame
                for part in parts { sentence = sentence.replacingOccurrences(of: "%@", with: part, options: [], range: sentence.range(of: "%@")) }
                text += sentence.replacingOccurrences(of: "  ", with: " ") + " "
            }
            let key = "\(keyPrefix)\(random.next() % 90)"
            let deleted = random.next() % 17 == 0
            snapshots.append(
                try EntityIndexTests.snapshot(
                    UInt64(sequence), key, time: Int64(sequence) * 1000, deleted ? nil : text,
                    published: "2024-0\(1 + random.next() % 9)-1\(random.next() % 9)", source: ["a", "b", "c"][Int(random.next() % 3)]))
        }
        return snapshots
    }

    /// Every combination of the suppliers, a few recipients and items.
    static func questions(suppliers: [String?]) -> [FlowFilter] {
        var questions: [FlowFilter] = []
        for supplier in suppliers {
            for recipient in [nil, "Russia", "Syria", "Moscow"] {
                for item in [nil, "weapon:missile", "troops"] {
                    var filter = FlowFilter()
                    filter.supplier = supplier
                    filter.recipient = recipient
                    filter.item = item
                    questions.append(filter)
                }
            }
        }
        return questions
    }

    @Test("a document stating more flows than an entry can place by its row (past the 127th) is walked, grouped and restored alike")
    func longDocument() throws {
        let index = EntityIndex(gazetteer: try Shared.gazetteer.get())
        index.add(try Self.snapshots(1...10, seed: 3))
        let suppliers = ["North Korea", "Pyongyang", "Iran", "China"]
        let items = ["artillery shells", "KN-23 missiles", "Shahed-136 drones", "troops"]
        let recipients = ["Russia", "Moscow", "Syria"]
        var text = ""
        for number in 0..<300 {
            let amount = number % 3 == 0 ? "" : "\(1 + number % 40),000 "
            text += "\(suppliers[number % 4]) sent \(amount)\(items[(number / 4) % 4]) to \(recipients[number % 3]). "
        }
        index.add([try EntityIndexTests.snapshot(11, "long", time: 11_000, text, published: "2024-10-01", source: "d")])
        index.add(try Self.snapshots(12...40, seed: 5, keyPrefix: "after"))
        var filter = FlowFilter()
        filter.supplier = "North Korea"
        let long = try index.flows(filter, grouped: false, limit: 1000).rows.filter { $0.key == "long" }
        #expect(long.count > 127 / 4)
        #expect((index.snapshot(sequence: 11)?.flows.count ?? 0) > 200)
        let restored = try IndexCheckpoint.decode(IndexCheckpoint.encode(index), gazetteer: try Shared.gazetteer.get())
        for question in Self.questions(suppliers: [nil, "North Korea", "Iran", "Pyongyang"]) {
            for grouped in [false, true] {
                let fast = try index.flows(question, grouped: grouped, limit: 1000, after: nil, streamEntries: true)
                let slow = try index.flows(question, grouped: grouped, limit: 1000, after: nil, streamEntries: false)
                let kept = try restored.flows(question, grouped: grouped, limit: 1000)
                #expect(fast.total == slow.total, "\(question) grouped: \(grouped)")
                #expect(fast.rows == slow.rows && fast.groups == slow.groups, "\(question) grouped: \(grouped)")
                #expect(kept.rows == fast.rows && kept.groups == fast.groups, "\(question) grouped: \(grouped)")
            }
        }
    }

    @Test("streaming a party's entries gives what walking flow positions gives, rows and groups, on every party and filter")
    func agree() throws {
        let index = try Self.index()
        var questions: [FlowFilter] = []
        for var filter in Self.questions(suppliers: [nil, "North Korea", "Iran", "China", "Pyongyang"]) {
            questions.append(filter)
            filter.modalities = [.denied, .possible]
            questions.append(filter)
        }
        var streamed = 0
        for filter in questions {
            for grouped in [false, true] {
                let fast = try index.flows(filter, grouped: grouped, limit: 1000, after: nil, streamEntries: true)
                let slow = try index.flows(filter, grouped: grouped, limit: 1000, after: nil, streamEntries: false)
                #expect(fast.total == slow.total, "\(filter) grouped: \(grouped)")
                #expect(fast.rows == slow.rows, "\(filter)")
                #expect(fast.groups == slow.groups, "\(filter)")
                if fast.total > 0 { streamed += 1 }
            }
        }
        #expect(streamed > 40)
    }

    /// Grouped reports summed per block of snapshots and kept (`FlowGroupBlocks`): the same
    @Test("a warm-up sums the largest parties' reports before anyone asks, and they answer as the walk does")
    func warmUp() throws {
        let index = try Self.index()
        #expect(index.warmFlowSums(maxPartySides: 4, minimumEntries: 1_000_000) == 0)
        #expect(!index.flowSumsKept(party: "country:russia", supplierSide: false))
        #expect(index.warmFlowSums(maxPartySides: 2, minimumEntries: 1) == 2)
        // Russia receives the most in this corpus (every recipient but Syria rolls up to it).
        #expect(index.flowSumsKept(party: "country:russia", supplierSide: false))
        for question in Self.questions(suppliers: [nil, "North Korea"]) where question.recipient == "Russia" || question.supplier != nil {
            let kept = try index.flows(question, grouped: true, limit: 1000, after: nil, streamEntries: true)
            let walked = try index.flows(question, grouped: true, limit: 1000, after: nil, streamEntries: true, keptSums: false)
            #expect(kept.groups == walked.groups, "\(question)")
        }
    }

    /// groups as walking every entry, before and after new snapshots, new versions and
    /// deletes change some blocks, and on a view of the past (which walks).
    @Test("kept block sums give what walking every entry gives, as versions replace and delete")
    func keptSums() throws {
        let index = try Self.index()
        index.state.withLock { $0.flowGroupBlocks = FlowGroupBlocks(blockSnapshots: 16, maxParties: 4) }
        let questions = Self.questions(suppliers: [nil, "North Korea", "Iran", "China"]).filter { $0.supplier != nil || $0.recipient != nil }
        func compare(_ round: String) throws -> Int {
            var answered = 0
            for filter in questions {
                let kept = try index.flows(filter, grouped: true, limit: 1000, after: nil, streamEntries: true, keptSums: true)
                let walked = try index.flows(filter, grouped: true, limit: 1000, after: nil, streamEntries: true, keptSums: false)
                #expect(kept.total == walked.total, "\(round): \(filter)")
                #expect(kept.groups == walked.groups, "\(round): \(filter)")
                if kept.total > 0 { answered += 1 }
            }
            return answered
        }
        #expect(try compare("first") > 20)
        #expect(index.state.withLock { $0.flowGroupBlocks.bytes } > 0)
        // Asked again: from the kept sums alone.
        #expect(try compare("again") > 20)
        // New documents only: the last block (still filling) changes, and nothing else.
        index.add(try Self.snapshots(121...123, seed: 5, keyPrefix: "new"))
        #expect(try compare("after new documents") > 20)
        // New snapshots: the last block grows, and new versions and deletes of documents
        // from every block change older ones.
        index.add(try Self.snapshots(124...200, seed: 11))
        #expect(try compare("after new versions") > 20)
        // A view of the past is walked, and agrees with itself through the public call.
        var past = FlowFilter()
        past.recipient = "Russia"
        past.asOf = 150 * 1000
        let walkedPast = try index.flows(past, grouped: true, limit: 1000, after: nil, streamEntries: true, keptSums: false)
        #expect(try index.flows(past, grouped: true, limit: 1000).groups == walkedPast.groups)
    }
}

/// A seeded generator (SplitMix64), so the generated corpus is the same on every run.
struct Seeded {
    var state: UInt64

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
