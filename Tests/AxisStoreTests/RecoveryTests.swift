@testable import AxisStore
import AxisTestSupport
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

    @Test("a corrupted record in the middle is reported, skipped and never served; the rest is intact")
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
            #expect(reopened.recovery.missingSequences == 1)
            #expect(try text(reopened, "a") == "alpha")
            #expect(try text(reopened, "c") == "charlie")
            #expect { try reopened.snapshot(key: "b") } throws: { ($0 as? StoreError)?.code == .notFound }
            #expect(try await reopened.put(document("d", "delta")).info.sequence == 4)
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
}
