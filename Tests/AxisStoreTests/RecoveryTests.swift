@testable import AxisStore
import AxisTestSupport
import Logging
import Testing

@Suite("Snapshot store: durability and recovery")
struct RecoveryTests {
    @Test("everything is there after a reopen, with the next sequence following on")
    func reopen() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            var store = try harness.open()
            for index in 0..<40 { _ = try await store.put(document("k\(index % 10)", "body \(index)")) }
            _ = try await store.delete(key: "k3")
            store.close()
            store = try harness.open()
            defer { store.close() }
            #expect(store.recovery.isClean)
            #expect(store.lastSequence == 41)
            #expect(try store.history(key: "k1").count == 4)
            #expect(try text(store, "k1") == "body 31")
            #expect { try store.snapshot(key: "k3") } throws: { ($0 as? StoreError)?.code == .deleted }
            let next = try await store.put(document("k1", "after reopen"))
            #expect(next.info.sequence == 42 && next.info.version == 5)
        }
    }

    @Test("a torn tail cut at every byte offset of the last batch: truncated, the rest intact")
    func tornTailEveryOffset() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            _ = try await store.put(document("a", "first document, committed"))
            _ = try await store.put(document("b", "second document, committed"))
            let sizeBeforeLast = try readFile(harness.segmentPath(1)).count
            _ = try await store.put(document("c", "the last document, whose batch we tear"))
            store.close()
            let full = try readFile(harness.segmentPath(1))
            #expect(full.count > sizeBeforeLast)

            for cut in sizeBeforeLast...full.count {
                let copy = directory + "/cut-\(cut)"
                try copyTree(directory + "/segments", to: copy + "-segments")
                try Directory.create(copy)
                try Directory.rename(copy + "-segments", to: copy + "/segments")
                try writeFile(SegmentFiles(dataDirectory: copy).segmentPath(1), Array(full.prefix(cut)))
                let reopened = try StoreHarness(directory: copy).open()
                let complete = cut == full.count
                #expect(reopened.recovery.truncatedBytes == UInt64(complete ? 0 : cut - sizeBeforeLast), "cut at \(cut)")
                #expect(reopened.recovery.corruptRegions.isEmpty, "cut at \(cut)")
                #expect(reopened.recovery.lostSequences.isEmpty, "a torn tail loses nothing acknowledged: cut at \(cut)")
                #expect(try text(reopened, "a") == "first document, committed")
                #expect(try text(reopened, "b") == "second document, committed")
                if complete {
                    #expect(try text(reopened, "c") == "the last document, whose batch we tear")
                } else {
                    #expect(throws: StoreError.self, "cut at \(cut)") { try reopened.snapshot(key: "c") }
                    #expect(try readFile(SegmentFiles(dataDirectory: copy).segmentPath(1)).count == sizeBeforeLast)
                }
                // The log goes on without a gap.
                let next = try await reopened.put(document("d", "after recovery"))
                #expect(next.info.sequence == (complete ? 4 : 3), "cut at \(cut)")
                reopened.close()
                removeTree(copy)
            }
        }
    }

    @Test("a corrupted record in the middle is reported and never served: its document answers CORRUPT_DATA, not NOT_FOUND; the rest is intact")
    func corruptMiddle() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            _ = try await store.put(document("a", "alpha"))
            let secondStart = try readFile(harness.segmentPath(1)).count
            _ = try await store.put(document("b", "bravo, the record we damage"))
            _ = try await store.put(document("c", "charlie"))
            store.close()
            var bytes = try readFile(harness.segmentPath(1))
            bytes[secondStart + 40] ^= 0xFF
            try writeFile(harness.segmentPath(1), bytes)

            let reopened = try harness.open()
            defer { reopened.close() }
            #expect(reopened.recovery.corruptRegions.count == 1)
            #expect(reopened.recovery.truncatedBytes == 0)
            #expect(reopened.recovery.damagedRecords == 1)
            #expect(reopened.recovery.lostSequences.isEmpty)
            #expect(try text(reopened, "a") == "alpha")
            #expect(try text(reopened, "c") == "charlie")
            #expect { try reopened.snapshot(key: "b") } throws: { ($0 as? StoreError)?.code == .corrupt }
            #expect(reopened.list().items.map(\.latest.key) == ["a", "b", "c"])
            #expect(try await reopened.put(document("d", "delta")).info.sequence == 4)
            // Putting the same body again repairs it: a damaged latest is never "unchanged".
            let repaired = try await reopened.put(document("b", "bravo, the record we damage"))
            #expect(repaired.created && repaired.info.version == 2)
            #expect(try text(reopened, "b") == "bravo, the record we damage")
        }
    }

    @Test("a record damaged after start-up fails its checksum on read and is not served")
    func corruptOnRead() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            defer { store.close() }
            let info = try await store.put(document("a", String(repeating: "text ", count: 200))).info
            var bytes = try readFile(harness.segmentPath(1))
            bytes[Int(info.location.offset) + Int(info.location.length) - 10] ^= 0x01
            try writeFile(harness.segmentPath(1), bytes)
            #expect { try store.snapshot(key: "a") } throws: { ($0 as? StoreError)?.code == .corrupt }
        }
    }

    @Test("a garbage segment file does not stop the store: moved aside and reported")
    func garbageSegment() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            var store = try harness.open()
            _ = try await store.put(document("a", "alpha"))
            store.close()
            try writeFile(harness.segmentPath(1), Array("this is not a segment file at all, it is some text".utf8))
            store = try harness.open()
            defer { store.close() }
            #expect(store.recovery.damagedSegments.count == 1)
            #expect(try Directory.entries(harness.segmentsDirectory).contains { $0.hasSuffix(".damaged") })
            #expect(try await store.put(document("b", "bravo")).created)
        }
    }

    @Test("segments roll over; start-up loads sealed segments from their index, or rescans without one")
    func segmentsAndIndexes() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            var store = try harness.open(segmentBytes: 2048)
            for index in 0..<60 { _ = try await store.put(document("k\(index)", String(repeating: "word\(index) ", count: 30))) }
            store.close()
            store = try harness.open(segmentBytes: 2048)
            #expect(store.recovery.segments >= 4)
            #expect(store.recovery.segmentsFromIndex == store.recovery.segments - 1)
            #expect(store.snapshotCount == 60)
            #expect(try text(store, "k17") == String(repeating: "word17 ", count: 30))
            store.close()
            // Lose one index: the segment is rescanned and its index rewritten.
            Directory.remove(SegmentFiles(dataDirectory: directory).indexPath(2))
            store = try harness.open(segmentBytes: 2048)
            #expect(store.recovery.segmentsFromIndex == store.recovery.segments - 2)
            #expect(store.snapshotCount == 60)
            #expect(Directory.exists(SegmentFiles(dataDirectory: directory).indexPath(2)))
            // Damage an index: it is not trusted.
            var index = try readFile(SegmentFiles(dataDirectory: directory).indexPath(3))
            index[20] ^= 0xFF
            store.close()
            try writeFile(SegmentFiles(dataDirectory: directory).indexPath(3), index)
            store = try harness.open(segmentBytes: 2048)
            defer { store.close() }
            #expect(store.snapshotCount == 60)
            #expect(try text(store, "k59") == String(repeating: "word59 ", count: 30))
        }
    }

    @Test("a damaged tombstone in the active segment: the document answers CORRUPT_DATA, never its older version as live")
    func damagedTombstone() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            _ = try await store.put(document("a", "alpha, deleted next"))
            let tombstone = try await store.delete(key: "a")
            _ = try await store.put(document("b", "bravo, written after the delete"))
            store.close()
            var bytes = try readFile(harness.segmentPath(1))
            // The tombstone's version field (after magic, length, CRC, kind, flags, sequence).
            bytes[Int(tombstone.location.offset) + 12 + 2 + 8 + 3] ^= 0x40
            try writeFile(harness.segmentPath(1), bytes)

            let reopened = try harness.open()
            defer { reopened.close() }
            #expect(reopened.recovery.corruptRegions.count == 1)
            // Its version no longer agrees with its checksum; what its header says is kept.
            #expect { try reopened.snapshot(key: "a") } throws: { ($0 as? StoreError)?.code == .corrupt }
            #expect(try text(reopened, "b") == "bravo, written after the delete")
        }
    }

    @Test("damage in the last batch of the active segment, once acknowledged, is corruption: reported, never dropped as a torn tail")
    func damagedAcknowledgedLastBatch() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            _ = try await store.put(document("a", "alpha"))
            let last = try await store.put(document("b", String(repeating: "bravo, the last batch ", count: 20))).info
            store.close()
            var bytes = try readFile(harness.segmentPath(1))
            bytes[Int(last.location.offset) + Int(last.location.length) - 5] ^= 0x01
            try writeFile(harness.segmentPath(1), bytes)

            let reopened = try harness.open()
            defer { reopened.close() }
            #expect(reopened.recovery.truncatedBytes == 0)
            #expect(reopened.recovery.damagedRecords == 1)
            #expect { try reopened.snapshot(key: "b") } throws: { ($0 as? StoreError)?.code == .corrupt }
            #expect(try await reopened.put(document("c", "charlie")).info.sequence == 3)
        }
    }

    @Test("an active segment cut short loses acknowledged snapshots: reported as loss with the range, and no number is handed out twice")
    func activeSegmentCutShort() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            for index in 1...3 { _ = try await store.put(document("k\(index)", "body \(index)")) }
            let cut = try readFile(harness.segmentPath(1)).count
            for index in 4...6 { _ = try await store.put(document("k\(index)", "body \(index)")) }
            store.close()
            // A filesystem or a restore of the segment alone: the last three commits are gone.
            try writeFile(harness.segmentPath(1), Array(try readFile(harness.segmentPath(1)).prefix(cut)))

            let reopened = try harness.open()
            defer { reopened.close() }
            #expect(reopened.recovery.lostSequences == [4...6])
            #expect(reopened.recovery.firstLostSequence == 4)
            #expect(!reopened.recovery.isClean)
            #expect(reopened.lastSequence == 3)
            let next = try await reopened.put(document("k7", "after the loss"))
            #expect(next.info.sequence == 7, "sequences 4-6 were handed out once already")
        }
    }

    @Test("after a crash, numbers reserved and unused are skipped, never reused; a clean stop leaves no gap")
    func crashSkipsReservedNumbers() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory + "/live")
            let store = try harness.open()
            for index in 1...5 { _ = try await store.put(document("k\(index)", "body \(index)")) }
            // The folder as a crash leaves it: the store still open, its reservation standing.
            try copyTree(directory + "/live", to: directory + "/crashed")
            store.close()

            let reserved = try #require(SequenceMarks(dataDirectory: directory + "/crashed").readReserved().value)
            #expect(reserved == 1 + SequenceMarks.reserveBlock, "the first write reserved a block")
            let crashed = try StoreHarness(directory: directory + "/crashed").open()
            #expect(crashed.recovery.lostSequences.isEmpty)
            #expect(crashed.recovery.isClean)
            let afterCrash = try await crashed.put(document("k6", "after the crash"))
            #expect(afterCrash.info.sequence == reserved + 1)
            crashed.close()

            let clean = try harness.open()
            defer { clean.close() }
            #expect(try await clean.put(document("k6", "after a clean stop")).info.sequence == 6)
        }
    }

    @Test("a missing sealed segment, and one cut short under its index: the lost range is reported")
    func missingAndCutSealedSegments() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            var store = try harness.open(segmentBytes: 2048)
            for index in 0..<60 { _ = try await store.put(document("k\(index)", String(repeating: "word\(index) ", count: 30))) }
            store.close()
            let files = SegmentFiles(dataDirectory: directory)
            let segment2 = try Directory.entries(harness.segmentsDirectory).filter { $0.hasSuffix(".axseg") }.count
            #expect(segment2 >= 4)
            // Segment 2 deleted: its sequences are lost, and said to be.
            store = try harness.open(segmentBytes: 2048)
            let inSegment2 = store.snapshots(fromSequence: 1, limit: 100).filter { $0.location.segment == 2 }.map(\.sequence)
            let inSegment3 = store.snapshots(fromSequence: 1, limit: 100).filter { $0.location.segment == 3 }.map(\.sequence)
            store.close()
            Directory.remove(files.segmentPath(2))
            Directory.remove(files.indexPath(2))
            // Segment 3 cut in half under its index.
            let third = try readFile(files.segmentPath(3))
            try writeFile(files.segmentPath(3), Array(third.prefix(third.count / 2)))

            store = try harness.open(segmentBytes: 2048)
            defer { store.close() }
            #expect(store.recovery.missingSegments == [2])
            let lost = store.recovery.lostSequences
            #expect(lost.contains((inSegment2.min() ?? 0)...(inSegment2.max() ?? 0)), "\(lost)")
            #expect(lost.contains { $0.upperBound == inSegment3.max() }, "\(lost)")
            #expect(store.recovery.firstLostSequence == inSegment2.min())
        }
    }

    @Test("the background check reads sealed segments whole: damage start-up could not see (it trusts the index) is found, and the document answers CORRUPT_DATA")
    func backgroundVerification() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            var store = try harness.open(segmentBytes: 2048)
            for index in 0..<40 { _ = try await store.put(document("k\(index)", String(repeating: "word\(index) ", count: 30))) }
            let victim = try store.info(key: "k3")
            _ = try await store.delete(key: "k5")
            store.close()
            #expect(victim.location.segment < 3)
            var bytes = try readFile(harness.segmentPath(victim.location.segment))
            bytes[Int(victim.location.offset) + Int(victim.location.length) - 5] ^= 0x10  // in its zlib body
            try writeFile(harness.segmentPath(victim.location.segment), bytes)

            store = try harness.open(segmentBytes: 2048)
            defer { store.close() }
            #expect(store.recovery.isClean, "start-up loads sealed segments from their index")
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let report = store.verifySealedSegments(logger: logger)
            #expect(report.segments == store.recovery.sealedSegments.count && report.segments >= 2)
            #expect(report.damage.count == 1 && report.damagedRecords == 1, "\(report.damage)")
            #expect { try store.info(key: "k3") } throws: { ($0 as? StoreError)?.code == .corrupt }
            #expect(try text(store, "k4") == String(repeating: "word4 ", count: 30))
        }
    }
}
