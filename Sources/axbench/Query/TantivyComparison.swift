import AxisClient
import AxisCodec
import AxisIndex
import AxisServer
import AxisStore
import AxisTerminal
import Foundation
import Logging

/// `axbench query --compare tantivy`: the same corpus and the same queries in Axis (the index
/// alone, in process; and through the real server over loopback) and in tantivy (through its
/// Python binding, in process, one thread), in one run, with the ratios.
///
/// tantivy runs in a Python child (`bench/tantivy_query.py`) from the virtual environment
/// that docs/benchmarks.md sets up; without it the comparison is skipped with a message.
struct TantivyComparison {
    /// One question, as Axis reads it and as tantivy is asked it (terms are lower case, as
    /// both engines' tokenizers leave them).
    struct Question: Encodable {
        var terms: [String]
        var phrase: Bool

        var axisText: String { self.phrase ? "\"\(self.terms.joined(separator: " "))\"" : self.terms.joined(separator: " ") }
    }

    struct Kind: Encodable {
        var kind: String
        var queries: [Question]
    }

    /// What the Python side prints.
    struct TantivyReport: Decodable {
        struct Timing: Decodable {
            var per_second: Double
            var p50_us: Double
            var p99_us: Double
            var average_hits: Double?
        }
        struct KindReport: Decodable {
            var kind: String
            var counted: Timing
            var top_only: Timing
            /// Total counted, two threads asking at once.
            var two_threads_per_second: Double
        }
        var tantivy: String
        var documents: Int
        var index_seconds: Double
        var kinds: [KindReport]
    }

    var python: String
    var script: String
    var times: Int
    var averageBytes: Int
    /// Only the kinds whose name contains this (for profiling one of them).
    var only: String?

    /// The issue's workload: 200 broad one-word and 200 two-word questions from the
    /// corpus's vocabulary (thousands of hits each), phrases of two or three words, and 200
    /// rare words (a handful of hits, like a name).
    static func workload() -> [Kind] {
        let vocabulary = Vocabulary(size: 50_000, seed: 2024)
        // Ranks 60–1055: past the function words, each in hundreds to thousands of documents.
        let broad = (0..<200).map { vocabulary.words[60 + $0 * 5] }
        let rare = (0..<200).map { vocabulary.words[20_000 + $0 * 100] }
        let phrases = [
            ["north", "korea"], ["ballistic", "missiles"], ["artillery", "shells"], ["air", "defense", "systems"], ["fighter", "jets"],
            ["kim", "jong", "un"], ["south", "korea"], ["shahed", "drones"],
        ]
        return [
            Kind(kind: "one word", queries: broad.map { Question(terms: [$0], phrase: false) }),
            Kind(kind: "two words (AND)", queries: (0..<200).map { Question(terms: [broad[$0], broad[($0 + 37) % 200]], phrase: false) }),
            Kind(kind: "phrase", queries: phrases.map { Question(terms: $0, phrase: true) }),
            Kind(kind: "rare word", queries: rare.map { Question(terms: [$0], phrase: false) }),
        ]
    }

    /// Whether the Python side can run; the reason when it cannot.
    func unavailable() -> String? {
        guard FileManager.default.fileExists(atPath: self.script) else {
            return "no \(self.script) (run axbench from the repository root, or pass --tantivy-script)"
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = [self.python, "-c", "import tantivy"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do { try check.run() } catch { return "cannot run \(self.python): \(error)" }
        check.waitUntilExit()
        guard check.terminationStatus == 0 else {
            return "\(self.python) cannot import tantivy; set it up with: "
                + "python3 -m venv .venv-bench && .venv-bench/bin/pip install -r bench/requirements.txt"
        }
        return nil
    }

    func run(documents count: Int) async throws {
        if let reason = self.unavailable() {
            print("tantivy comparison skipped: \(reason)")
            return
        }
        let directory = NSTemporaryDirectory() + "axbench-compare-\(getpid())-\(count)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "axbench.compare")
        logger.logLevel = .warning

        print("\n=== \(Formatting.thousands(count)) documents, Axis beside tantivy ===")
        let corpus = Corpus.generate(count: count, averageBytes: self.averageBytes)
        let kinds = Self.workload().filter { kind in self.only.map { kind.kind.contains($0) } ?? true }
        let corpusPath = directory + "/corpus.ndjson"
        let questionsPath = directory + "/queries.json"
        try Self.writeCorpus(corpus, to: corpusPath)
        struct Plan: Encodable { var kinds: [Kind]; var times: Int }
        try JSONEncoder().encode(Plan(kinds: kinds, times: self.times)).write(to: URL(fileURLWithPath: questionsPath))
        print("corpus: \(Formatting.thousands(count)) documents, \(Formatting.bytes(UInt64(corpus.totalBytes))) of text")

        // tantivy first, alone on the machine; then Axis, alone.
        print("tantivy: indexing and querying (Python child)...")
        let report = try self.runTantivy(corpus: corpusPath, questions: questionsPath)
        print("tantivy \(report.tantivy): indexed in \(Formatting.fixed(report.index_seconds)) s")

        let store = try SnapshotStore.open(configuration: StoreConfiguration(directory: directory + "/axis"), logger: logger)
        defer { store.close() }
        try await QueryBenchmark.fill(store, corpus)
        let index = EntityIndex(gazetteer: try Gazetteer.bundled())
        let assembly = ServerAssembly(store: store, index: index, logger: logger)
        let indexer = assembly.indexer
        let times = self.times
        let (inside, loopback, inFlight) = try await withInProcessServer(
            handler: assembly.router, services: assembly.services
        ) { address in
            var inside: [(summary: LatencySummary, hits: Double)] = []
            var loopback: [(summary: LatencySummary, hits: Double)] = []
            var inFlight: [Double] = []
            let start = Stopwatch.now()
            _ = await indexer.waitUntilIndexed(store.lastSequence, timeout: .seconds(36_000))
            print("axis: indexed in \(Formatting.fixed(Double(Stopwatch.now() - start) / 1e9)) s (entity extraction included)")
            let connection = try await AxisConnection.connect(to: address)
            for kind in kinds {
                let texts = kind.queries.map(\.axisText)
                inside.append(
                    try await QueryBenchmark.cycle(questions: texts.count, times: times) { position in
                        try index.query(texts[position], options: QueryOptions(limit: 10, facets: 0)).total
                    })
                // The caller prefers the connection's event loop, as the PING figures of
                // `axbench rpc` do: its requests and answers need no thread hop.
                loopback.append(
                    try await withTaskExecutorPreference(connection.executor) {
                        try await QueryBenchmark.cycle(questions: texts.count, times: times) { position in
                            Int(try await connection.query(texts[position], limit: 10, facets: 0, snippetSentences: 0).total ?? 0)
                        }
                    })
                // What a script gets: `axclient batch` keeps 16 requests in flight.
                inFlight.append(
                    try await QueryBenchmark.rateInFlight(times: times) { position in
                        _ = try await connection.query(texts[position % texts.count], limit: 10, facets: 0, snippetSentences: 0)
                    })
            }
            await connection.close()
            return (inside, loopback, inFlight)
        }

        var table = TextTable(
            ["query", "hits axis", "hits tantivy", "tantivy q/s", "top-10 only", "axis inside", "axis loopback", "inside/tantivy", "loopback/tantivy"],
            alignments: [.left] + Array(repeating: .right, count: 8))
        var together = TextTable(
            ["many at once", "tantivy 2 threads q/s", "axis 16 in flight q/s", "16 in flight/tantivy 2 threads"],
            alignments: [.left, .right, .right, .right])
        var latencies = TextTable(
            ["query", "tantivy p50/p99 us", "inside p50/p99 us", "loopback p50/p99 us"], alignments: [.left, .right, .right, .right])
        for (position, kind) in kinds.enumerated() {
            guard let theirs = report.kinds.first(where: { $0.kind == kind.kind }) else { continue }
            let tantivy = theirs.counted
            table.add([
                kind.kind, Formatting.fixed(inside[position].hits, decimals: 0), Formatting.fixed(tantivy.average_hits ?? 0, decimals: 0),
                Formatting.fixed(tantivy.per_second, decimals: 0), Formatting.fixed(theirs.top_only.per_second, decimals: 0),
                Formatting.fixed(inside[position].summary.perSecond, decimals: 0), Formatting.fixed(loopback[position].summary.perSecond, decimals: 0),
                Formatting.fixed(inside[position].summary.perSecond / tantivy.per_second, decimals: 2),
                Formatting.fixed(loopback[position].summary.perSecond / tantivy.per_second, decimals: 2),
            ])
            together.add([
                kind.kind, Formatting.fixed(theirs.two_threads_per_second, decimals: 0), Formatting.fixed(inFlight[position], decimals: 0),
                Formatting.fixed(inFlight[position] / theirs.two_threads_per_second, decimals: 2),
            ])
            latencies.add([
                kind.kind, "\(Formatting.fixed(tantivy.p50_us, decimals: 0)) / \(Formatting.fixed(tantivy.p99_us, decimals: 0))",
                "\(Formatting.fixed(inside[position].summary.p50Microseconds, decimals: 0)) / \(Formatting.fixed(inside[position].summary.p99Microseconds, decimals: 0))",
                "\(Formatting.fixed(loopback[position].summary.p50Microseconds, decimals: 0)) / \(Formatting.fixed(loopback[position].summary.p99Microseconds, decimals: 0))",
            ])
        }
        print("")
        print(table.render())
        print("")
        print(latencies.render())
        print("")
        print(together.render())
        print("")
        print("One query at a time, top 10 with the total counted, no snippets or facets. tantivy: in process, one thread,")
        print("count=True (top-10 only: count=False); axis inside: EntityIndex.query; loopback: the real client and server;")
        print("many at once: tantivy from two threads (both cores); axis with 16 callers on one connection, as axclient")
        print("batch runs a script (the server on both cores, the client beside it).")
    }

    private static func writeCorpus(_ corpus: Corpus, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw BenchmarkError("cannot create \(path)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        struct Line: Encodable { var key: String; var body: String }
        let encoder = JSONEncoder()
        var buffer = Data()
        for document in corpus.documents {
            buffer.append(try encoder.encode(Line(key: document.key, body: String(decoding: document.body, as: UTF8.self))))
            buffer.append(0x0A)
            if buffer.count > 1 << 22 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
    }

    private func runTantivy(corpus: String, questions: String) throws -> TantivyReport {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = [self.python, self.script, corpus, questions]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else { throw BenchmarkError("\(self.script) failed (exit \(child.terminationStatus))") }
        do {
            return try JSONDecoder().decode(TantivyReport.self, from: data)
        } catch {
            throw BenchmarkError("\(self.script) printed what axbench cannot read: \(error)")
        }
    }
}
