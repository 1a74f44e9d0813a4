import ArgumentParser
import AxisStore
import AxisTerminal
import Foundation
import Logging

/// `axbench startup`: how long the store takes to open with many snapshots. Fills a store
/// through its API (no network, to keep the set-up short), closes it, and times the reopen,
/// next to the time to merely read the segment files once (the floor of a full rescan).
struct StartupBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Time the store's start-up with many snapshots (index files vs. reading every byte).")

    @Option(help: "Snapshots to store.")
    var snapshots: Int = 1_000_000

    @Option(help: "Average body size in bytes.")
    var averageBytes: Int = 400

    @Option(help: "Documents per put batch.")
    var batch: Int = 1000

    func run() async throws {
        Allocator.printLine()
        let directory = NSTemporaryDirectory() + "axbench-startup-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "axbench.store")
        logger.logLevel = .warning
        let configuration = StoreConfiguration(directory: directory)

        print("filling a store with \(self.snapshots) snapshots of ~\(self.averageBytes) bytes...")
        let corpus = Corpus.generate(count: 2000, averageBytes: self.averageBytes)
        var store = try SnapshotStore.open(configuration: configuration, logger: logger)
        let fillStart = Stopwatch.now()
        var written = 0
        while written < self.snapshots {
            let count = min(self.batch, self.snapshots - written)
            let inputs = (0..<count).map { offset -> DocumentInput in
                let index = written + offset
                let source = corpus.documents[index % corpus.documents.count]
                // Vary the body so every put is a new snapshot (keys repeat: documents get versions).
                let body = source.body + Array(" \(index)".utf8)
                return DocumentInput(
                    key: "doc/\(index % 200_000)", metadata: DocumentMetadata(title: source.title, source: source.source),
                    body: .raw(body))
            }
            for result in await store.put(batch: inputs) { _ = try result.get() }
            written += count
        }
        let fillSeconds = Double(Stopwatch.now() - fillStart) / 1e9
        store.close()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/segments")
        let segmentBytes = try files.filter { $0.hasSuffix(".axseg") }.reduce(UInt64(0)) { total, name in
            total + ((try FileManager.default.attributesOfItem(atPath: directory + "/segments/" + name)[.size] as? UInt64) ?? 0)
        }

        // Floor of a rescan: read every segment byte once (page cache warm, as for the reopen).
        let readStart = Stopwatch.now()
        for name in files where name.hasSuffix(".axseg") {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: directory + "/segments/" + name))
            while let chunk = try handle.read(upToCount: 8 << 20), !chunk.isEmpty {}
            try handle.close()
        }
        let readSeconds = Double(Stopwatch.now() - readStart) / 1e9

        let openStart = Stopwatch.now()
        store = try SnapshotStore.open(configuration: configuration, logger: logger)
        let openSeconds = Double(Stopwatch.now() - openStart) / 1e9
        let report = store.recovery
        store.close()

        print("")
        print("filled in \(Formatting.fixed(fillSeconds)) s; \(Formatting.bytes(segmentBytes)) in \(report.segments) segments")
        print("reading every segment byte once: \(Formatting.fixed(readSeconds, decimals: 2)) s")
        print("opening the store: \(Formatting.fixed(openSeconds, decimals: 2)) s (\(report.snapshots) snapshots, \(report.segmentsFromIndex) of \(report.segments) segments from their index)")
    }
}
