import AxisClient
import AxisCodec
import AxisDigest
import AxisStore
import AxisTestSupport
import AxisZlib
import NIOCore
import Synchronization
import Testing

@Suite("End to end: export, import, sync", .timeLimit(.minutes(2)))
struct BulkTransferTests {
    // MARK: - Fixtures

    /// A corpus with what a transfer must keep: several versions, a retitle, deletes, a
    /// revived key, and one body larger than a frame (so it travels in pieces).
    static func fill(_ connection: AxisConnection, documents: Int = 40) async throws {
        var random = SplitMix64(seed: 7)
        for index in 0..<documents {
            let text = "Report \(index): a convoy carried artillery shells from a northern port to a depot near the border."
            _ = try await connection.put([AxisConnection.Upload(key: "report/\(index)", body: Array(text.utf8), title: "Report \(index)", source: "fixture", tags: ["convoy"])])
        }
        for index in stride(from: 0, to: documents, by: 3) {
            let text = "Report \(index), revised: the convoy also carried drone parts."
            _ = try await connection.put([AxisConnection.Upload(key: "report/\(index)", body: Array(text.utf8), title: "Report \(index)", source: "fixture", tags: ["convoy"])])
        }
        _ = try await connection.put([AxisConnection.Upload(key: "report/1", body: Array("Report 1: a convoy carried artillery shells from a northern port to a depot near the border.".utf8), title: "Report one, retitled", source: "fixture", tags: ["convoy"])])
        for index in stride(from: 2, to: documents, by: 7) { _ = try await connection.delete("report/\(index)") }
        _ = try await connection.put([AxisConnection.Upload(key: "report/2", body: Array("Report 2 is back.".utf8))])
        // About 400 KB of letters: zlib leaves well over one 64 KiB frame.
        let letters = (0..<400_000).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 26) }
        _ = try await connection.put([AxisConnection.Upload(key: "large", body: letters, title: "Large")])
    }

    /// Every record of a store, in sequence order, with its body.
    static func contents(of store: SnapshotStore) throws -> [(SnapshotInfo, [UInt8])] {
        try store.snapshots(fromSequence: 1, limit: .max).map { info in
            (info, info.isTombstone ? [] : try store.body(of: try store.stored(info)))
        }
    }

    /// The two stores hold the same records: keys, versions, sequence order, kinds, hashes,
    /// metadata, ingest times and bodies.
    static func expectIdentical(_ target: SnapshotStore, _ source: SnapshotStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let mine = try Self.contents(of: target)
        let theirs = try Self.contents(of: source)
        #expect(mine.count == theirs.count, "record counts differ", sourceLocation: sourceLocation)
        for ((a, bodyA), (b, bodyB)) in zip(mine, theirs) {
            let same = a.key == b.key && a.version == b.version && a.sequence == b.sequence && a.kind == b.kind
                && a.contentHash == b.contentHash && a.metadata == b.metadata && a.ingestTime == b.ingestTime && bodyA == bodyB
            #expect(same, "sequence \(b.sequence) ('\(b.key)') differs", sourceLocation: sourceLocation)
            if !same { return }
        }
    }

    static func exportPack(from address: ServerAddress, to path: String, since: UInt64 = 0) async throws -> TransferSummary {
        // A small frame size, so the large record is split into pieces on the way.
        let connection = try await AxisConnection.connect(to: address, configuration: ClientConfiguration(maxPayloadBytes: 64 * 1024))
        defer { connection.abort() }
        return try await PackExport.run(from: connection, since: since, to: try FilePackSink(path: path)).summary
    }

    // MARK: - Export and import

    @Test("export, then import into a fresh server: identical snapshots; a second import adds nothing")
    func exportImport() async throws {
        try await withTemporaryDirectory { directory in
            let pack = directory + "/corpus.axpack"
            try await withStoreServer { source, sourceStore in
                let connection = try await AxisConnection.connect(to: source.address)
                try await Self.fill(connection)
                await connection.close()
                let summary = try await Self.exportPack(from: source.address, to: pack)
                #expect(summary.count == sourceStore.lastSequence && summary.lastSequence == sourceStore.lastSequence)
                #expect(summary.tombstones == 6)

                try await withStoreServer { target, targetStore in
                    let connection = try await AxisConnection.connect(to: target.address)
                    let result = try await PackImport.run({ try FilePackSource(path: pack) }, into: connection)
                    #expect(result.imported == summary.count && result.skipped == 0)
                    try Self.expectIdentical(targetStore, sourceStore)
                    #expect(targetStore.watermark(source: sourceStore.serverID) == sourceStore.lastSequence)

                    let again = try await PackImport.run({ try FilePackSource(path: pack) }, into: connection)
                    #expect(again.imported == 0 && again.skipped == summary.count)
                    #expect(targetStore.lastSequence == sourceStore.lastSequence)
                    await connection.close()
                }
            }
        }
    }

    @Test("an export in stored form (v1.2) delivers exactly the records and summary of the plain form, in any frame size and range")
    func storedFormMatchesPlain() async throws {
        try await withStoreServer { source, store in
            let connection = try await AxisConnection.connect(to: source.address)
            try await Self.fill(connection)
            _ = try await connection.put([
                AxisConnection.Upload(
                    key: "meta", body: Array("Σ: all the metadata.".utf8), title: "Конвой — north", source: "wire", url: "https://example.org/m",
                    published: "2026-03-01", tags: ["convoy", "drones"])
            ])
            await connection.close()
            func events(maxPayload: Int, storedForm: Bool, since: UInt64 = 0, until: UInt64? = nil) async throws -> ([PackRecord], TransferSummary?) {
                let connection = try await AxisConnection.connect(to: source.address, configuration: ClientConfiguration(maxPayloadBytes: maxPayload))
                defer { connection.abort() }
                var records: [PackRecord] = []
                var summary: TransferSummary?
                for try await event in connection.export(since: since, until: until, storedForm: storedForm) {
                    switch event {
                    case .record(let record): records.append(record)
                    case .end(let end): summary = end
                    default: break
                    }
                }
                return (records, summary)
            }
            for maxPayload in [64 * 1024, 1024 * 1024] {
                let plain = try await events(maxPayload: maxPayload, storedForm: false)
                let stored = try await events(maxPayload: maxPayload, storedForm: true)
                #expect(plain.0.count == Int(store.lastSequence) && plain.1 != nil)
                #expect(stored.0 == plain.0, "records differ with \(maxPayload)-byte frames")
                #expect(stored.1 == plain.1)
            }
            let middle = try await events(maxPayload: 64 * 1024, storedForm: true, since: 10, until: 30)
            let middlePlain = try await events(maxPayload: 64 * 1024, storedForm: false, since: 10, until: 30)
            #expect(middle.0.map { $0.info?.sequence } == (11...30).map { UInt64($0) } && middle.0 == middlePlain.0 && middle.1 == middlePlain.1)
        }
    }

    @Test("an incremental export (--since) applied after a full one gives the same result as one full export")
    func incrementalExport() async throws {
        try await withTemporaryDirectory { directory in
            try await withStoreServer { source, sourceStore in
                let connection = try await AxisConnection.connect(to: source.address)
                try await Self.fill(connection, documents: 10)
                let first = try await Self.exportPack(from: source.address, to: directory + "/full.axpack")
                _ = try await connection.put([AxisConnection.Upload(key: "report/3", body: Array("A later revision.".utf8))])
                _ = try await connection.delete("report/4")
                let delta = try await Self.exportPack(from: source.address, to: directory + "/delta.axpack", since: first.lastSequence)
                #expect(delta.count == 2)
                await connection.close()

                try await withStoreServer { target, targetStore in
                    let connection = try await AxisConnection.connect(to: target.address)
                    _ = try await PackImport.run({ try FilePackSource(path: directory + "/full.axpack") }, into: connection)
                    let applied = try await PackImport.run({ try FilePackSource(path: directory + "/delta.axpack") }, into: connection)
                    #expect(applied.imported == 2)
                    try Self.expectIdentical(targetStore, sourceStore)
                    await connection.close()
                }
            }
        }
    }

    @Test("an import killed mid-way, then run again: no gap, no duplicate")
    func resumedImport() async throws {
        try await withTemporaryDirectory { directory in
            let pack = directory + "/corpus.axpack"
            try await withStoreServer { source, sourceStore in
                let connection = try await AxisConnection.connect(to: source.address)
                try await Self.fill(connection, documents: 120)
                await connection.close()
                _ = try await Self.exportPack(from: source.address, to: pack)

                try await withStoreServer { target, targetStore in
                    let doomed = try await AxisConnection.connect(to: target.address)
                    await #expect(throws: (any Error).self) {
                        _ = try await PackImport.run({ try FilePackSource(path: pack) }, into: doomed, batchRecords: 10) { progress in
                            if progress.records >= 75 { doomed.abort() }
                        }
                    }
                    let reached = targetStore.watermark(source: sourceStore.serverID)
                    #expect(reached > 0 && reached < sourceStore.lastSequence)
                    // What is durable is exactly a prefix of the source, ending at the watermark.
                    #expect(targetStore.lastSequence == reached)

                    let connection = try await AxisConnection.connect(to: target.address)
                    let resumed = try await PackImport.run({ try FilePackSource(path: pack) }, into: connection, batchRecords: 10)
                    #expect(resumed.imported == sourceStore.lastSequence - reached)
                    try Self.expectIdentical(targetStore, sourceStore)
                    await connection.close()
                }
            }
        }
    }

    @Test("a truncated or corrupted pack is refused with a clear error, and nothing of it is imported")
    func damagedPacks() async throws {
        try await withTemporaryDirectory { directory in
            let pack = directory + "/corpus.axpack"
            try await withStoreServer { source, _ in
                let connection = try await AxisConnection.connect(to: source.address)
                try await Self.fill(connection, documents: 12)
                await connection.close()
                _ = try await Self.exportPack(from: source.address, to: pack)
            }
            let bytes = try readFile(pack)
            var damaged: [(name: String, bytes: [UInt8], message: String)] = []
            for cut in [0, 7, 16, 40, bytes.count / 3, bytes.count / 2, bytes.count - 30, bytes.count - 1] {
                damaged.append(("cut at \(cut)", Array(bytes.prefix(cut)), "truncated"))
            }
            var flipped = bytes
            flipped[bytes.count / 2] ^= 0x01
            damaged.append(("a flipped bit", flipped, "damaged"))
            damaged.append(("bytes after the trailer", bytes + [0], "bytes after the trailer"))
            var wrongMagic = bytes
            wrongMagic[1] = UInt8(ascii: "Z")
            damaged.append(("bad magic", wrongMagic, "not an Axis pack"))

            let samples = damaged
            try await withStoreServer { target, targetStore in
                let connection = try await AxisConnection.connect(to: target.address)
                for (index, sample) in samples.enumerated() {
                    let path = directory + "/damaged-\(index).axpack"
                    try writeFile(path, sample.bytes)
                    do {
                        _ = try await PackImport.run({ try FilePackSource(path: path) }, into: connection)
                        Issue.record("\(sample.name): accepted")
                    } catch let error as PackError {
                        #expect(error.description.contains(sample.message), "\(sample.name): \(error)")
                    }
                }
                #expect(targetStore.lastSequence == 0)
                await connection.close()
            }
        }
    }

    @Test("a record whose body does not match its hash is refused by the server, with the batch it came in")
    func lyingRecord() async throws {
        try await withTemporaryDirectory { directory in
            let body = Array("Drones were assembled under licence.".utf8)
            let zlib = try Deflater().compress(body)
            let honest = SnapshotInfoMessage(
                key: "k", version: 1, sequence: 1, ingestTimeMilliseconds: 1_700_000_000_000, deleted: false,
                contentHash: SHA256.hash(body).bytes, bodySize: UInt64(body.count))
            var lying = honest
            lying.key = "lie"
            lying.sequence = 2
            lying.contentHash = SHA256.hash(Array("something else".utf8)).bytes
            let liar = lying
            var writer = PackWriter()
            var bytes: [UInt8] = []
            for buffer in [
                writer.header(PackHeader(sourceServerID: "0123456789abcdef0123456789abcdef", sinceSequence: 0, createdMilliseconds: 0)),
                writer.record(PackRecord(info: honest, bodyZlib: ByteBuffer(bytes: zlib))),
                writer.record(PackRecord(info: lying, bodyZlib: ByteBuffer(bytes: zlib))),
                writer.trailer(),
            ] {
                bytes += Array(buffer.readableBytesView)
            }
            let path = directory + "/lying.axpack"
            try writeFile(path, bytes)
            try await withStoreServer { target, targetStore in
                let connection = try await AxisConnection.connect(to: target.address)
                // The pack is intact (its CRCs check out), but the server checks every body.
                await #expect { _ = try await PackImport.run({ try FilePackSource(path: path) }, into: connection) } throws: {
                    ($0 as? ClientError)?.serverError?.code == .invalidArgument && "\($0)".contains("'lie'")
                }
                // Straight through IMPORT, too.
                await #expect {
                    _ = try await connection.importRecords(
                        [PackRecord(info: honest, bodyZlib: ByteBuffer(bytes: zlib)), PackRecord(info: liar, bodyZlib: ByteBuffer(bytes: zlib))],
                        source: "0123456789abcdef0123456789abcdef", watermark: 2)
                } throws: {
                    // The failing record's position is in `index`, not only in the message (§11.3).
                    ($0 as? ClientError)?.serverError?.code == .invalidArgument && ($0 as? ClientError)?.serverError?.index == 1
                }
                #expect(targetStore.lastSequence == 0)
                await connection.close()
            }
        }
    }

    // MARK: - Sync

    @Test("sync copies everything, then only what is new; an interrupted sync resumes without gap or duplicate")
    func sync() async throws {
        try await withStoreServer { source, sourceStore in
            let writer = try await AxisConnection.connect(to: source.address)
            try await Self.fill(writer, documents: 150)
            try await withStoreServer { target, targetStore in
                // Interrupted: the target's connection dies after some batches.
                let from = try await AxisConnection.connect(to: source.address)
                let doomed = try await AxisConnection.connect(to: target.address)
                await #expect(throws: (any Error).self) {
                    _ = try await Sync.run(from: from, to: doomed, batchRecords: 16) { progress in
                        if progress.records >= 100 { doomed.abort() }
                    }
                }
                from.abort()
                let reached = targetStore.watermark(source: sourceStore.serverID)
                #expect(reached >= 16 && reached < sourceStore.lastSequence)
                #expect(targetStore.lastSequence == reached)

                // Interrupted again, from the source's side this time.
                let doomedSource = try await AxisConnection.connect(to: source.address)
                let to = try await AxisConnection.connect(to: target.address)
                await #expect(throws: (any Error).self) {
                    _ = try await Sync.run(from: doomedSource, to: to, batchRecords: 16) { progress in
                        if progress.records >= 40 { doomedSource.abort() }
                    }
                }
                let reachedAgain = targetStore.watermark(source: sourceStore.serverID)
                #expect(reachedAgain > reached && targetStore.lastSequence == reachedAgain)

                // Resumed to the end.
                let from2 = try await AxisConnection.connect(to: source.address)
                let resumed = try await Sync.run(from: from2, to: to, batchRecords: 16)
                #expect(resumed.from == reachedAgain)
                #expect(resumed.imported == sourceStore.lastSequence - reachedAgain && resumed.skipped == 0)
                try Self.expectIdentical(targetStore, sourceStore)

                // Nothing new: nothing sent.
                let idle = try await Sync.run(from: from2, to: to)
                #expect(idle.summary.count == 0 && idle.imported == 0)

                // New work on the source: only that travels.
                _ = try await writer.put([AxisConnection.Upload(key: "report/5", body: Array("Report 5, third revision.".utf8))])
                _ = try await writer.delete("report/6")
                let incremental = try await Sync.run(from: from2, to: to)
                #expect(incremental.summary.count == 2 && incremental.imported == 2)
                try Self.expectIdentical(targetStore, sourceStore)
                await from2.close()
                await to.close()
            }
            await writer.close()
        }
    }

    @Test("sync refuses to copy a server into itself")
    func syncIntoItself() async throws {
        try await withStoreServer { server, _ in
            let a = try await AxisConnection.connect(to: server.address)
            let b = try await AxisConnection.connect(to: server.address)
            await #expect { _ = try await Sync.run(from: a, to: b) } throws: { "\($0)".contains("same server") }
            await a.close()
            await b.close()
        }
    }

    @Test("an export stream that stalls is picked up where it stopped and finishes intact")
    func exportBackpressure() async throws {
        try await withStoreServer { server, store in
            let connection = try await AxisConnection.connect(to: server.address, configuration: ClientConfiguration(maxPayloadBytes: 64 * 1024))
            var random = SplitMix64(seed: 11)
            for batch in 0..<8 {
                let uploads = (0..<10).map { index in
                    AxisConnection.Upload(key: "big/\(batch)/\(index)", body: (0..<60_000).map { _ in UInt8(ascii: "a") + UInt8(random.next() % 26) })
                }
                _ = try await connection.put(uploads)
            }
            // Take the first record, then stall: the server waits for the client (each frame is
            // awaited as it is written), and the client holds at most a few frames.
            var iterator = connection.export().makeAsyncIterator()
            _ = try await iterator.next()
            _ = try await iterator.next()
            try await Task.sleep(for: .milliseconds(300))
            var records = 1
            while let event = try await iterator.next() {
                if case .record = event { records += 1 }
            }
            #expect(records == 80 && store.lastSequence == 80)
            await connection.close()
        }
    }
}
