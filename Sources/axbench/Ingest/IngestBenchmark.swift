import ArgumentParser
import AxisClient
import AxisCodec
import AxisServer
import AxisStore
import AxisTerminal
import AxisZlib
import Foundation
import Logging

/// `axbench ingest`: puts a generated corpus through the real server (fsync on), next to
/// plain zlib deflate of the same bodies at the same level on one core; then gets of random
/// keys, latency and throughput.
struct IngestBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest a generated corpus through the server (fsync on) next to plain zlib; then random gets.")

    @Option(help: "Documents in the corpus.")
    var documents: Int = 20_000

    @Option(help: "Average body size in bytes.")
    var averageBytes: Int = 5000

    @Option(help: "Documents per DOC_PUT request.")
    var batch: Int = 50

    @Option(help: "DOC_PUT requests in flight.")
    var inflight: Int = 4

    @Option(help: "Random gets to time.")
    var gets: Int = 20_000

    @Option(help: "Data folder (default: a temporary folder, removed afterwards).")
    var data: String?

    func run() async throws {
        Allocator.printLine()
        print("generating \(self.documents) documents of ~\(self.averageBytes) bytes...")
        let corpus = Corpus.generate(count: self.documents, averageBytes: self.averageBytes)
        let megabytes = Double(corpus.totalBytes) / 1_048_576
        print("corpus: \(Formatting.fixed(megabytes)) MiB of text")

        // Baseline: plain zlib, level 6, one core, the same bodies.
        let deflater = try Deflater(level: 6)
        var compressedBytes = 0
        let zlibStart = Stopwatch.now()
        for document in corpus.documents { compressedBytes += deflater.compress(document.body).count }
        let zlibSeconds = Double(Stopwatch.now() - zlibStart) / 1e9
        let ratio = Double(corpus.totalBytes) / Double(compressedBytes)

        let directory = self.data ?? NSTemporaryDirectory() + "axbench-ingest-\(getpid())"
        defer { if self.data == nil { try? FileManager.default.removeItem(atPath: directory) } }
        var logger = Logger(label: "axbench.store")
        logger.logLevel = .warning
        let store = try SnapshotStore.open(configuration: StoreConfiguration(directory: directory), logger: logger)
        defer { store.close() }

        let batchSize = self.batch
        let inflight = self.inflight
        let getCount = self.gets
        let (ingestSeconds, getSummary, pipelinedGets) = try await withInProcessServer(handler: AxisRequestRouter(store: store)) { address in
            let connection = try await AxisConnection.connect(to: address)
            let ingestStart = Stopwatch.now()
            try await Self.ingest(corpus, over: connection, batch: batchSize, inflight: inflight)
            let ingestSeconds = Double(Stopwatch.now() - ingestStart) / 1e9

            var random = SplitMix64(seed: 99)
            let keys = (0..<getCount).map { _ in corpus.documents[Int(random.next() % UInt64(corpus.documents.count))].key }
            // One at a time: latency.
            var latencies: [UInt64] = []
            latencies.reserveCapacity(keys.count)
            let getStart = Stopwatch.now()
            for key in keys {
                let sent = Stopwatch.now()
                _ = try await connection.get(key)
                latencies.append(Stopwatch.now() - sent)
            }
            let getSummary = LatencySummary(latencies: latencies, seconds: Double(Stopwatch.now() - getStart) / 1e9)
            // 16 callers: throughput.
            let pipelinedStart = Stopwatch.now()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<16 {
                    group.addTask {
                        for index in stride(from: caller, to: keys.count, by: 16) { _ = try await connection.get(keys[index]) }
                    }
                }
                try await group.waitForAll()
            }
            let pipelined = Double(keys.count) / (Double(Stopwatch.now() - pipelinedStart) / 1e9)
            await connection.close()
            return (ingestSeconds, getSummary, pipelined)
        }

        var table = TextTable(["measure", "docs/s", "MiB/s", "vs zlib"])
        table.add(["zlib deflate, level 6, one core", Formatting.fixed(Double(self.documents) / zlibSeconds, decimals: 0), Formatting.fixed(megabytes / zlibSeconds), "1.00"])
        table.add([
            "ingest through axserver (fsync)", Formatting.fixed(Double(self.documents) / ingestSeconds, decimals: 0),
            Formatting.fixed(megabytes / ingestSeconds), Formatting.fixed(zlibSeconds / ingestSeconds, decimals: 2),
        ])
        print("")
        print(table.render())
        print("")
        print("compression ratio \(Formatting.fixed(ratio, decimals: 2)):1; \(store.snapshotCount) snapshots stored")
        print("get, one at a time: \(Formatting.fixed(getSummary.perSecond, decimals: 0))/s, p50 \(Formatting.fixed(getSummary.p50Microseconds)) us, p99 \(Formatting.fixed(getSummary.p99Microseconds)) us")
        print("get, 16 callers on one connection: \(Formatting.fixed(pipelinedGets, decimals: 0))/s")
    }

    /// Puts the corpus in batches, `inflight` requests at a time (bodies compressed by the client).
    static func ingest(_ corpus: Corpus, over connection: AxisConnection, batch: Int, inflight: Int) async throws {
        let batches = stride(from: 0, to: corpus.documents.count, by: batch).map { start in
            Array(corpus.documents[start..<min(start + batch, corpus.documents.count)])
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func addNext() {
                guard next < batches.count else { return }
                let documents = batches[next]
                next += 1
                group.addTask {
                    let uploads = documents.map {
                        AxisConnection.Upload(key: $0.key, body: $0.body, title: $0.title, source: $0.source, published: $0.published)
                    }
                    let results = try await connection.put(uploads)
                    if let failure = results.first(where: { $0.error != nil }) {
                        throw BenchmarkError("put failed: \(failure.error?.description ?? "")")
                    }
                }
            }
            for _ in 0..<inflight { addNext() }
            while try await group.next() != nil { addNext() }
        }
    }
}
