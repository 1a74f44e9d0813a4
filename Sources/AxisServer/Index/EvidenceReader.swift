import AxisCodec
import AxisIndex
import AxisStore

/// Evidence sentences from the bodies: each body a reply needs is read, inflated and split
/// into sentences once, on both cores (reading and inflating is most of a page's time); the
/// index keeps a flow's sentence number, not its text.
struct EvidenceReader: Sendable {
    private let sentences: [UInt64: (body: [UInt8], ranges: [Range<Int>])]

    static func read(_ sequences: [UInt64], from store: SnapshotStore) async -> EvidenceReader {
        let wanted = Array(Set(sequences))
        let halves = (0..<2).map { part in stride(from: part, to: wanted.count, by: 2).map { wanted[$0] } }
        let read = await withTaskGroup(of: [(UInt64, [UInt8], [Range<Int>])].self) { group in
            for half in halves where !half.isEmpty {
                group.addTask {
                    half.compactMap { sequence in
                        guard let info = store.info(sequence: sequence), let body = try? store.body(of: store.stored(info))
                        else { return nil }
                        return (sequence, body, SentenceRanges.all(in: body))
                    }
                }
            }
            var all: [(UInt64, [UInt8], [Range<Int>])] = []
            for await part in group { all += part }
            return all
        }
        var sentences: [UInt64: (body: [UInt8], ranges: [Range<Int>])] = [:]
        for (sequence, body, ranges) in read { sentences[sequence] = (body, ranges) }
        return EvidenceReader(sentences: sentences)
    }

    /// The row's sentence and its byte range, or nil when its body could not be read.
    func sentence(_ row: FlowRow) -> (text: String, range: Range<Int>)? {
        guard let (body, ranges) = self.sentences[row.sequence], ranges.indices.contains(row.sentence) else { return nil }
        let range = ranges[row.sentence]
        return (IndexHandler.slice(body, range, limit: IndexLimits.sentenceBytes), range)
    }
}
