@testable import AxisIndex
import Testing

/// A term's postings are two LEB128 streams (snapshot deltas with counts; position deltas),
/// written a snapshot at a time through a scratch buffer. Checked here against an encoder
/// written from the format's definition, with values of every length up to five bytes.
@Suite("Term postings: encoding")
struct TermPostingsTests {
    /// LEB128 of `value`, seven bits at a time, low first.
    static func leb128(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var remaining = value
        repeat {
            let low = UInt8(remaining & 0x7F)
            remaining >>= 7
            bytes.append(remaining == 0 ? low : low | 0x80)
        } while remaining != 0
        return bytes
    }

    @Test("appended snapshots give the streams the format defines, and read back", arguments: [true, false])
    func matchesTheFormat(storesPositions: Bool) {
        var random = SystemRandomNumberGenerator()
        // Gaps between snapshots and between positions of every varint length (1 to 5 bytes).
        let steps: [UInt32] = [1, 2, 127, 128, 300, 16_383, 16_384, 70_000, 2_097_151, 2_097_152, 200_000_000, 268_435_456]
        var postings = TermPostings(storesPositions: storesPositions)
        var documents: [UInt8] = []
        var positions: [UInt8] = []
        var snapshot: UInt32 = 0
        var expected: [(UInt32, [UInt32])] = []
        for round in 0..<400 {
            let gap = round < steps.count ? steps[round] : steps.randomElement(using: &random) ?? 1
            guard snapshot <= UInt32.max - gap else { break }
            let previous = snapshot
            snapshot += gap
            let count = round % 50 == 0 ? 3_000 : Int.random(in: 1...12, using: &random)
            var list: [UInt32] = []
            var position: UInt32 = 0
            for _ in 0..<count {
                let step = Bool.random(using: &random) ? UInt32.random(in: 1...200, using: &random) : steps.randomElement(using: &random) ?? 1
                guard position <= UInt32.max / 2 - step else { break }
                position += step
                list.append(position)
            }
            postings.append(snapshot, positions: list[...])
            documents += Self.leb128(UInt64(snapshot - previous)) + Self.leb128(UInt64(list.count))
            if storesPositions {
                var before: UInt32 = 0
                for position in list {
                    positions += Self.leb128(UInt64(position - before))
                    before = position
                }
            }
            expected.append((snapshot, list))
        }
        #expect(postings.documents == documents)
        #expect(postings.positions == positions)
        #expect(postings.count == expected.count)
        var read: [(UInt32, UInt32)] = []
        postings.forEach { snapshot, frequency in
            read.append((snapshot, frequency))
            return true
        }
        #expect(read.map(\.0) == expected.map(\.0) && read.map(\.1) == expected.map { UInt32($0.1.count) })
        if storesPositions {
            let byPosition = postings.positions(in: expected.map(\.0))
            #expect(expected.allSatisfy { byPosition[$0.0] == $0.1 })
        }
    }

    @Test("a snapshot not after the last, or without positions, is not added")
    func refusesOutOfOrder() {
        var postings = TermPostings()
        postings.append(10, positions: [1, 2][...])
        postings.append(10, positions: [3][...])
        postings.append(5, positions: [3][...])
        postings.append(11, positions: [][...])
        #expect(postings.count == 1 && postings.documents == [10, 2] && postings.positions == [1, 1])
    }
}
