import AxisDigest
@testable import AxisStore
import AxisTestSupport
import Logging
import Synchronization

/// Opens stores in temporary folders with a quiet logger and a controllable clock.
struct StoreHarness: Sendable {
    let directory: String
    let clock = TestClock()

    func open(segmentBytes: UInt64 = 256 * 1024 * 1024) throws -> SnapshotStore {
        var logger = Logger(label: "axis.store.test")
        logger.logLevel = .critical
        let clock = self.clock
        return try SnapshotStore.open(
            configuration: StoreConfiguration(directory: self.directory, segmentBytes: segmentBytes), logger: logger,
            clock: { clock.now })
    }

    var segmentsDirectory: String { self.directory + "/segments" }

    func segmentPath(_ number: UInt64) -> String {
        SegmentFiles(dataDirectory: self.directory).segmentPath(number)
    }
}

/// A clock tests move by hand: ms since 1970.
final class TestClock: Sendable {
    private let value = Atomic<Int64>(1_790_000_000_000)

    var now: Int64 { self.value.load(ordering: .relaxed) }

    func advance(by milliseconds: Int64) {
        self.value.add(milliseconds, ordering: .relaxed)
    }
}

func document(_ key: String, _ text: String, title: String = "", tags: [String] = []) -> DocumentInput {
    DocumentInput(key: key, metadata: DocumentMetadata(title: title, source: "test", tags: tags), body: .raw(Array(text.utf8)))
}

func text(_ store: SnapshotStore, _ key: String, _ selector: VersionSelector = .latest) throws -> String {
    String(decoding: try store.body(of: try store.snapshot(key: key, selector: selector)), as: UTF8.self)
}
