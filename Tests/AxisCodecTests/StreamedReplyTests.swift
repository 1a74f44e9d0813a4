import AxisCodec
import NIOCore
import Testing

/// A streamed reply is written by the server as a first page, items one by one, and a summary
/// page, cut into frames anywhere between items; the client folds the frames back with `merge`.
/// These tests play both ends with the reply types alone.
@Suite("Streamed replies")
struct StreamedReplyTests {
    /// Writes `first`, the items and `summary` the way the server's pager does, cutting a frame
    /// after every `itemsPerFrame` items, and returns the frames' payloads.
    static func frames<Reply: StreamedReply>(first: Reply, items: [Reply.Item], summary: Reply, itemsPerFrame: Int) -> [ByteBuffer] {
        var frames: [ByteBuffer] = []
        var page = first.encoded()
        for (index, item) in items.enumerated() {
            if index > 0 && index % itemsPerFrame == 0 {
                frames.append(page)
                page = ByteBuffer()
            }
            Reply.encode(item, into: &page)
        }
        summary.encode(into: &page)
        frames.append(page)
        return frames
    }

    static func merged<Reply: StreamedReply>(_ frames: [ByteBuffer], as type: Reply.Type) throws -> Reply {
        Reply.merged(try frames.map { frame in
            var payload = frame
            return try Reply(fromPayload: &payload)
        })
    }

    static let entity = EntitySummaryMessage(id: "country:iran", type: "country", name: "Iran", documents: 3, mentions: 7, discovered: false)

    @Test("a query page cut into frames anywhere merges back to the whole page, and one frame is its encoding")
    func queryPage() throws {
        let hits = (0..<7).map { QueryHitMessage(key: "k\($0)", version: 1, sequence: UInt64($0 + 1), score: "1.5") }
        var summary = QueryPage()
        summary.total = 42
        summary.next = "token"
        summary.facets = [FacetMessage(type: "country", entities: [Self.entity])]
        summary.indexedSequence = 9
        summary.asOfMilliseconds = -5
        var whole = summary
        whole.hits = hits
        for perFrame in [1, 2, 3, 7] {
            let frames = Self.frames(first: QueryPage(), items: hits, summary: summary, itemsPerFrame: perFrame)
            #expect(try Self.merged(frames, as: QueryPage.self) == whole)
        }
        let single = Self.frames(first: QueryPage(), items: hits, summary: summary, itemsPerFrame: 100)
        #expect(single == [whole.encoded()])
    }

    @Test("a diff's first-frame fields, hunks and index changes survive any cut")
    func diffPart() throws {
        let from = SnapshotInfoMessage(key: "a", version: 1, sequence: 1, ingestTimeMilliseconds: 10)
        let to = SnapshotInfoMessage(key: "a", version: 2, sequence: 5, ingestTimeMilliseconds: 20)
        let hunk = DiffHunk(fromStart: 1, fromCount: 1, toStart: 1, toCount: 1, lines: [DiffLine(kind: .added, text: "x")])
        let change = EntityChangeMessage(entity: Self.entity, fromCount: 1, toCount: 2)
        let flow = FlowMessage(supplier: "country:iran", recipient: "country:russia", item: "weapon:drone", modality: "asserted", sentence: 0)
        let items: [DiffPart.Item] = [.hunk(hunk), .hunk(hunk), .entityChange(change), .flowAdded(flow), .flowRemoved(flow)]
        var whole = DiffPart(from: from, to: to, hunks: [hunk, hunk], linesAdded: 2, linesRemoved: 0)
        whole.entityChanges = [change]
        whole.flowsAdded = [flow]
        whole.flowsRemoved = [flow]
        for perFrame in 1...5 {
            let frames = Self.frames(
                first: DiffPart(from: from, to: to), items: items, summary: DiffPart(linesAdded: 2, linesRemoved: 0), itemsPerFrame: perFrame)
            #expect(try Self.merged(frames, as: DiffPart.self) == whole)
        }
    }

    @Test("an empty stream is its first and final fields")
    func emptyStream() throws {
        let frames = Self.frames(first: EntityPage(), items: [], summary: EntityPage(entities: [], total: 0, indexedSequence: 3), itemsPerFrame: 1)
        #expect(frames.count == 1)
        #expect(try Self.merged(frames, as: EntityPage.self) == EntityPage(entities: [], total: 0, indexedSequence: 3))
    }
}
