import AxisDigest
@testable import AxisStore
import AxisTestSupport
import AxisZlib
import Testing

@Suite("Snapshot store: import and watermarks")
struct ImportTests {
    /// Every record of `store` in sequence order, as an import would carry it.
    static func records(of store: SnapshotStore) throws -> [ImportRecord] {
        try store.snapshots(fromSequence: 1, limit: .max).map { info in
            let stored = try store.stored(info)
            return ImportRecord(
                key: info.key, kind: info.kind, ingestTime: info.ingestTime, metadata: info.metadata, contentHash: info.contentHash,
                bodySize: info.bodySize, compressedBody: stored.compressedBody, sourceSequence: info.sequence)
        }
    }

    /// A source store filled by `fill` and an empty target store, closed afterwards.
    static func withFilledSourceAndEmptyTarget(_ body: (_ source: SnapshotStore, _ target: SnapshotStore) async throws -> Void) async throws {
        try await withTemporaryDirectory { sourceDirectory in
            try await withTemporaryDirectory { targetDirectory in
                let sourceHarness = StoreHarness(directory: sourceDirectory)
                let source = try sourceHarness.open()
                defer { source.close() }
                try await Self.fill(source, clock: sourceHarness.clock)
                let target = try StoreHarness(directory: targetDirectory).open()
                defer { target.close() }
                try await body(source, target)
            }
        }
    }

    /// Fills a store with versions, a retitle, a tombstone and a revival, over time.
    static func fill(_ store: SnapshotStore, clock: TestClock) async throws {
        _ = try await store.put(document("a", "Pyongyang shipped shells to Russia.", title: "A"))
        clock.advance(by: 1000)
        _ = try await store.put(document("b", "Tehran sent drones.", tags: ["iran"]))
        _ = try await store.put(document("a", "Pyongyang shipped more shells to Russia.", title: "A"))
        clock.advance(by: 1000)
        _ = try await store.put(document("a", "Pyongyang shipped more shells to Russia.", title: "A, retitled"))
        _ = try await store.delete(key: "b")
        clock.advance(by: 1000)
        _ = try await store.put(document("b", "Tehran sent drones again."))
    }

    @Test("a store's own records imported back (or a pack that overlaps a copy) add nothing: no duplicate versions")
    func ownRecordsBack() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            defer { store.close() }
            try await Self.fill(store, clock: harness.clock)
            let before = store.snapshots(fromSequence: 1, limit: .max)
            // Under another source name, so the watermark does not hide anything.
            let outcomes = try await store.importBatch(try Self.records(of: store), watermark: Watermark(source: "elsewhere", sequence: 100))
            #expect(outcomes.allSatisfy { if case .skipped = $0 { true } else { false } })
            #expect(store.snapshots(fromSequence: 1, limit: .max) == before)
        }
    }

    @Test("importing every record into an empty store reproduces keys, versions, sequences, times, hashes and tombstones")
    func identicalCopy() async throws {
        try await Self.withFilledSourceAndEmptyTarget { source, target in
            let outcomes = try await target.importBatch(
                try Self.records(of: source), watermark: Watermark(source: source.serverID, sequence: source.lastSequence))
            #expect(outcomes.allSatisfy { if case .imported = $0 { true } else { false } })
            let expected = source.snapshots(fromSequence: 1, limit: .max)
            let copied = target.snapshots(fromSequence: 1, limit: .max)
            #expect(copied.count == expected.count)
            for (mine, theirs) in zip(copied, expected) {
                #expect(mine.key == theirs.key && mine.version == theirs.version && mine.sequence == theirs.sequence)
                #expect(mine.kind == theirs.kind && mine.contentHash == theirs.contentHash && mine.metadata == theirs.metadata)
                #expect(mine.ingestTime == theirs.ingestTime && mine.bodySize == theirs.bodySize)
            }
            #expect(try text(target, "a", .version(2)) == "Pyongyang shipped more shells to Russia.")
            #expect(try text(target, "b") == "Tehran sent drones again.")
            #expect(target.watermark(source: source.serverID) == source.lastSequence)
        }
    }

    @Test("a repeated or resumed import skips what its source already delivered; the watermark only moves forward")
    func idempotent() async throws {
        try await Self.withFilledSourceAndEmptyTarget { source, target in
            let records = try Self.records(of: source)

            // The first half, then everything again (as a resumed import would resend).
            _ = try await target.importBatch(Array(records.prefix(3)), watermark: Watermark(source: "src", sequence: 3))
            #expect(target.watermark(source: "src") == 3)
            let again = try await target.importBatch(Array(records.prefix(3)), watermark: Watermark(source: "src", sequence: 3))
            #expect(again == [.skipped, .skipped, .skipped])
            let rest = try await target.importBatch(records, watermark: Watermark(source: "src", sequence: 6))
            #expect(rest.prefix(3) == [.skipped, .skipped, .skipped])
            #expect(target.lastSequence == source.lastSequence)
            #expect(target.snapshots(fromSequence: 1, limit: .max).map(\.version) == source.snapshots(fromSequence: 1, limit: .max).map(\.version))
            // A lower watermark does not move it back.
            _ = try await target.importBatch([], watermark: Watermark(source: "src", sequence: 2))
            #expect(target.watermark(source: "src") == 6)
            #expect(target.watermark(source: "other") == 0)
            // Without a source, a record equal to the key's latest snapshot is skipped too.
            #expect(try await target.importBatch([records[5]], watermark: nil) == [.skipped])
            #expect(target.lastSequence == source.lastSequence)
        }
    }

    @Test("records out of source order, or above their watermark, are refused")
    func order() async throws {
        try await Self.withFilledSourceAndEmptyTarget { source, target in
            let records = try Self.records(of: source)
            for (batch, through) in [([records[1], records[0]], UInt64(6)), ([records[0], records[1]], UInt64(1))] {
                await #expect { _ = try await target.importBatch(batch, watermark: Watermark(source: "src", sequence: through)) } throws: {
                    ($0 as? StoreError)?.code == .invalidOrder
                }
            }
            #expect(target.lastSequence == 0)
        }
    }

    @Test("a record with a lying hash or a bad body refuses the whole batch; nothing is written")
    func refusesBadRecords() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            let body = Array("Moscow supplied air defence.".utf8)
            let zlib = try Deflater().compress(body)
            let good = ImportRecord(
                key: "good", kind: .snapshot, ingestTime: 5, metadata: DocumentMetadata(), contentHash: SHA256.hash(body),
                bodySize: UInt64(body.count), compressedBody: zlib, sourceSequence: 1)
            var lying = good
            lying.key = "lying"
            lying.sourceSequence = 2
            lying.contentHash = SHA256.hash([1, 2, 3])
            var short = good
            short.key = "short"
            short.sourceSequence = 2
            short.bodySize -= 1
            var noHash = good
            noHash.key = "nohash"
            noHash.sourceSequence = 2
            noHash.contentHash = nil
            for bad in [lying, short, noHash] {
                await #expect { _ = try await store.importBatch([good, bad], watermark: Watermark(source: "s", sequence: 2)) } throws: {
                    ($0 as? StoreError)?.code == .invalidBody && ($0 as? StoreError)?.message.contains("record 1") == true
                }
            }
            #expect(store.lastSequence == 0)
            #expect(store.watermark(source: "s") == 0)
            #expect(try await store.importBatch([good], watermark: nil) != [.skipped])
        }
    }

    @Test("imported records and watermarks survive a reopen, from the active segment and from sealed segment indexes")
    func survivesReopen() async throws {
        try await withTemporaryDirectory { sourceDirectory in
            try await withTemporaryDirectory { targetDirectory in
                let sourceHarness = StoreHarness(directory: sourceDirectory)
                let source = try sourceHarness.open()
                defer { source.close() }
                for index in 0..<40 {
                    _ = try await source.put(document("k\(index)", String(repeating: "shells\(index) ", count: 40)))
                }
                let records = try Self.records(of: source)
                let harness = StoreHarness(directory: targetDirectory)
                var target = try harness.open(segmentBytes: 2048)
                for start in stride(from: 0, to: records.count, by: 10) {
                    let batch = Array(records[start..<(start + 10)])
                    _ = try await target.importBatch(batch, watermark: Watermark(source: "src", sequence: UInt64(start + 10)))
                    _ = try await target.importBatch([], watermark: Watermark(source: "other", sequence: UInt64(start + 1)))
                }
                target.close()
                target = try harness.open(segmentBytes: 2048)
                #expect(target.recovery.segmentsFromIndex >= 1)
                #expect(target.watermark(source: "src") == 40)
                #expect(target.watermark(source: "other") == 31)
                #expect(target.snapshotCount == 40)
                #expect(try text(target, "k39") == String(repeating: "shells39 ", count: 40))
                target.close()
                // Without the indexes, a full rescan finds the same watermarks.
                for number in 1...UInt64(target.recovery.segments) {
                    Directory.remove(SegmentFiles(dataDirectory: targetDirectory).indexPath(number))
                }
                target = try harness.open(segmentBytes: 2048)
                defer { target.close() }
                #expect(target.recovery.segmentsFromIndex == 0)
                #expect(target.watermark(source: "src") == 40 && target.watermark(source: "other") == 31)
            }
        }
    }

    @Test("an imported snapshot never goes back in time: its ingest time is clamped to the key's previous version")
    func clampsTime() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            defer { store.close() }
            let local = try await store.put(document("k", "local text"))
            let body = Array("imported text".utf8)
            let record = ImportRecord(
                key: "k", kind: .snapshot, ingestTime: local.info.ingestTime - 50_000, metadata: DocumentMetadata(),
                contentHash: SHA256.hash(body), bodySize: UInt64(body.count), compressedBody: try Deflater().compress(body),
                sourceSequence: 9)
            let outcomes = try await store.importBatch([record], watermark: nil)
            guard case .imported(let info) = outcomes.first else {
                Issue.record("not imported: \(outcomes)")
                return
            }
            #expect(info.version == 2 && info.ingestTime == local.info.ingestTime)
            #expect(try text(store, "k", .asOf(local.info.ingestTime)) == "imported text")
        }
    }

    @Test("runs: adjacent records come in one read with their bodies; a damaged one is named, never served")
    func runs() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            var store = try harness.open(segmentBytes: 4096)
            for index in 0..<30 { _ = try await store.put(document("k\(index)", String(repeating: "convoy \(index) ", count: 20))) }
            _ = try await store.delete(key: "k3")
            let infos = store.snapshots(fromSequence: 1, limit: .max)
            var index = 0
            var runs = 0
            while index < infos.count {
                let run = try store.readRun(infos[index...])
                #expect(!run.infos.isEmpty && Set(run.infos.map(\.location.segment)).count == 1)
                for (position, info) in run.infos.enumerated() {
                    #expect(Array(run.body(position)) == (try store.stored(info)).compressedBody)
                }
                index += run.infos.count
                runs += 1
            }
            // Several segments, so several runs; but far fewer runs than records.
            #expect(runs > 1 && runs < infos.count / 2)
            #expect(try store.readRun(infos[0...], maxBytes: 1).infos.count == 1)
            store.close()

            // Flip a byte inside record 5's body: its run fails, naming it.
            let victim = infos[4]
            let path = harness.segmentPath(victim.location.segment)
            var bytes = try readFile(path)
            bytes[Int(victim.location.offset) + Int(victim.location.length) - 3] ^= 0x40
            try writeFile(path, bytes)
            store = try harness.open(segmentBytes: 4096)
            defer { store.close() }
            let damaged = store.snapshots(fromSequence: 1, limit: .max)
            if let start = damaged.firstIndex(where: { $0.location.segment == victim.location.segment }) {
                #expect { _ = try store.readRun(damaged[start...]) } throws: { error in
                    (error as? StoreError)?.code == .corrupt && "\(error)".contains("sequence 5")
                }
            }
        }
    }

    @Test("a large batch is verified on every core: the first bad record is named, nothing is written")
    func largeBatch() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            let deflater = try Deflater()
            var records = (0..<300).map { index -> ImportRecord in
                let body = Array("Rail cars \(index) carried fuel north.".utf8)
                return ImportRecord(
                    key: "r/\(index)", kind: .snapshot, ingestTime: 1000, metadata: DocumentMetadata(), contentHash: SHA256.hash(body),
                    bodySize: UInt64(body.count), compressedBody: deflater.compress(body), sourceSequence: UInt64(index + 1))
            }
            records[250].contentHash = SHA256.hash([0])
            records[170].contentHash = SHA256.hash([1])
            await #expect { _ = try await store.importBatch(records, watermark: Watermark(source: "s", sequence: 300)) } throws: {
                "\($0)".contains("record 170 ('r/170')")
            }
            #expect(store.lastSequence == 0)
            records[250].contentHash = SHA256.hash(Array("Rail cars 250 carried fuel north.".utf8))
            records[170].contentHash = SHA256.hash(Array("Rail cars 170 carried fuel north.".utf8))
            let outcomes = try await store.importBatch(records, watermark: Watermark(source: "s", sequence: 300))
            #expect(outcomes.count == 300 && store.lastSequence == 300)
        }
    }
}
