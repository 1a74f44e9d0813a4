import AxisDigest
@testable import AxisStore
import AxisTestSupport
import AxisZlib
import Testing

@Suite("Snapshot store: semantics")
struct SnapshotStoreTests {
    @Test("put and get: bodies come back byte for byte; versions and sequences count up")
    func putGet() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            let first = try await store.put(document("reuters/1", "North Korea sent shells.", title: "Shells"))
            #expect(first.created && first.info.version == 1 && first.info.sequence == 1)
            let second = try await store.put(document("reuters/1", "North Korea sent more shells.", title: "Shells"))
            #expect(second.created && second.info.version == 2 && second.info.sequence == 2)
            let other = try await store.put(document("ap/7", "Iran supplied drones."))
            #expect(other.info.version == 1 && other.info.sequence == 3)
            #expect(try text(store, "reuters/1") == "North Korea sent more shells.")
            #expect(try text(store, "reuters/1", .version(1)) == "North Korea sent shells.")
            #expect(try store.snapshot(key: "reuters/1").info.metadata.title == "Shells")
            #expect(try store.snapshot(key: "reuters/1").info.contentHash == SHA256.hash(Array("North Korea sent more shells.".utf8)))
            #expect(store.lastSequence == 3)
        }
    }

    @Test("an identical put adds nothing and says so; a metadata change is a new version")
    func dedupe() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            _ = try await store.put(document("k", "same body", title: "A"))
            let again = try await store.put(document("k", "same body", title: "A"))
            #expect(!again.created && again.info.version == 1)
            #expect(store.lastSequence == 1)
            let retitled = try await store.put(document("k", "same body", title: "B"))
            #expect(retitled.created && retitled.info.version == 2)
            // Identical puts racing each other still store one version.
            let results = await store.put(batch: (0..<20).map { _ in document("race", "one body") })
            #expect(results.filter { (try? $0.get().created) == true }.count == 1)
        }
    }

    @Test("delete adds a tombstone; history stays readable; a later put is a new version")
    func delete() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            _ = try await store.put(document("k", "v1"))
            let tombstone = try await store.delete(key: "k")
            #expect(tombstone.isTombstone && tombstone.version == 2 && tombstone.sequence == 2)
            #expect { try store.snapshot(key: "k") } throws: { ($0 as? StoreError)?.code == .deleted }
            #expect(try text(store, "k", .version(1)) == "v1")
            #expect(try store.history(key: "k").map(\.version) == [1, 2])
            await #expect { try await store.delete(key: "k") } throws: { ($0 as? StoreError)?.code == .deleted }
            await #expect { try await store.delete(key: "nope") } throws: { ($0 as? StoreError)?.code == .notFound }
            let revived = try await store.put(document("k", "v1"))
            #expect(revived.created && revived.info.version == 3)
        }
    }

    @Test("get as of a time returns the version that was latest then")
    func asOf() async throws {
        try await withTemporaryDirectory { directory in
            let harness = StoreHarness(directory: directory)
            let store = try harness.open()
            defer { store.close() }
            let t0 = harness.clock.now
            _ = try await store.put(document("k", "morning"))
            harness.clock.advance(by: 3_600_000)
            _ = try await store.put(document("k", "evening"))
            #expect(try text(store, "k", .asOf(t0 + 1000)) == "morning")
            #expect(try text(store, "k", .asOf(t0 + 3_600_000)) == "evening")
            #expect { try store.snapshot(key: "k", selector: .asOf(t0 - 1)) } throws: { ($0 as? StoreError)?.code == .notFound }
        }
    }

    @Test("concurrent puts: every one acknowledged, sequences 1...n without gaps")
    func concurrentPuts() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            let results = await store.put(batch: (0..<300).map { document("doc/\($0)", "body \($0)") })
            let sequences = try results.map { try $0.get().info.sequence }.sorted()
            #expect(sequences == Array(1...300))
            #expect(store.documentCount == 300)
        }
    }

    @Test("bad input is refused with the field named, and nothing is written")
    func badInput() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            await #expect { _ = try await store.put(document("", "x")) } throws: { ($0 as? StoreError)?.code == .invalidKey }
            await #expect { _ = try await store.put(document(String(repeating: "k", count: 1025), "x")) } throws: {
                ($0 as? StoreError)?.code == .limitExceeded
            }
            await #expect { _ = try await store.put(document("a\nb", "x")) } throws: { ($0 as? StoreError)?.code == .invalidKey }
            let invalidUTF8 = DocumentInput(key: "k", metadata: DocumentMetadata(), body: .raw([0xFF, 0xFE]))
            await #expect { _ = try await store.put(invalidUTF8) } throws: { ($0 as? StoreError)?.code == .invalidBody }
            let zlib = try Deflater().compress(Array("hello".utf8))
            let lying = DocumentInput(key: "k", metadata: DocumentMetadata(), body: .compressed(zlib: zlib, size: 6, hash: nil))
            await #expect { _ = try await store.put(lying) } throws: { ($0 as? StoreError)?.code == .invalidBody }
            let wrongHash = DocumentInput(
                key: "k", metadata: DocumentMetadata(), body: .compressed(zlib: zlib, size: 5, hash: SHA256.hash([1])))
            await #expect { _ = try await store.put(wrongHash) } throws: { ($0 as? StoreError)?.code == .invalidBody }
            let tooManyTags = DocumentInput(key: "k", metadata: DocumentMetadata(tags: (0..<65).map { "t\($0)" }), body: .raw([65]))
            await #expect { _ = try await store.put(tooManyTags) } throws: { ($0 as? StoreError)?.code == .limitExceeded }
            #expect(store.lastSequence == 0)
            // A client-compressed body that checks out is stored as sent.
            let good = DocumentInput(
                key: "k", metadata: DocumentMetadata(), body: .compressed(zlib: zlib, size: 5, hash: SHA256.hash(Array("hello".utf8))))
            _ = try await store.put(good)
            #expect(try store.snapshot(key: "k").compressedBody == zlib)
        }
    }

    @Test("bodies over the limit are refused")
    func bodyLimit() async throws {
        try await withTemporaryDirectory { directory in
            var logger = Logger(label: "t")
            logger.logLevel = .critical
            let store = try SnapshotStore.open(configuration: StoreConfiguration(directory: directory, maxBodyBytes: 100), logger: logger)
            defer { store.close() }
            _ = try await store.put(document("ok", String(repeating: "a", count: 100)))
            await #expect { _ = try await store.put(document("big", String(repeating: "a", count: 101))) } throws: {
                ($0 as? StoreError)?.code == .limitExceeded
            }
        }
    }

    @Test("list: key order, prefix, paging without gaps or duplicates, deleted hidden by default")
    func list() async throws {
        try await withTemporaryDirectory { directory in
            let store = try StoreHarness(directory: directory).open()
            defer { store.close() }
            for index in (0..<50).reversed() { _ = try await store.put(document("news/\(String(format: "%02d", index))", "b\(index)")) }
            _ = try await store.put(document("other/1", "x"))
            _ = try await store.delete(key: "news/07")
            var seen: [String] = []
            var after: String?
            while true {
                let page = store.list(prefix: "news/", after: after, limit: 8)
                seen += page.items.map(\.latest.key)
                guard page.more else { break }
                after = page.items.last?.latest.key
            }
            let expected = (0..<50).filter { $0 != 7 }.map { "news/\(String(format: "%02d", $0))" }
            #expect(seen == expected)
            #expect(store.list(prefix: "news/", limit: 100, includeDeleted: true).items.count == 50)
        }
    }
}

import Foundation
import Logging
