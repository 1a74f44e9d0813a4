import ArgumentParser
import AxisClient
import AxisCodec
import AxisIndex
import AxisServer
import AxisStore
import AxisTerminal
import Foundation
import Logging
import Synchronization

/// `axbench query`: queries against the generated corpus through the real server, at one or
/// more corpus sizes: latency one at a time, throughput with 16 callers on one connection, and
/// the index's memory per document next to the raw text.
struct QueryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Query latency (p50, p99) and throughput on the generated corpus, and index memory per document.",
        discussion: """
            Examples:
              axbench query                                  # 20,000 and 200,000 documents
              axbench query --documents 20000 --queries 500
              axbench query --compare tantivy                # beside tantivy (bench/requirements.txt)
            """)

    @Option(help: "Corpus sizes (repeatable; default 20,000 and 200,000, or 20,000 with --compare).")
    var documents: [Int] = []

    @Option(help: "Average body size in bytes.")
    var averageBytes: Int = 5000

    @Option(help: "Queries timed per kind.")
    var queries: Int = 1000

    @Option(help: "Sentences per snippet (0: no snippets).")
    var sentences: UInt64 = QueryRequest.defaultSnippetSentences

    @Option(help: "Entities per type in the facets (0: none).")
    var facets: UInt64 = QueryRequest.defaultFacets

    @Option(help: "One sentence in this many states a supply flow (0: none, the corpus of the figures recorded before flows).")
    var flowEvery: Int = 10

    @Option(help: "Time only the kinds of query whose name contains this (e.g. 'entity', 'words').")
    var only: String?

    @Flag(help: "Also time the queries inside the index (no RPC, no snippets), with each kind's slowest query.")
    var inside = false

    /// Engines Axis can be measured beside.
    enum Engine: String, ExpressibleByArgument, Sendable {
        case tantivy
    }

    @Option(help: "Measure Axis beside another engine on the same corpus and queries, in the same run (tantivy).")
    var compare: Engine?

    @Option(help: "The Python with tantivy installed, for --compare tantivy.")
    var python = FileManager.default.isExecutableFile(atPath: ".venv-bench/bin/python") ? ".venv-bench/bin/python" : "python3"

    @Option(help: "tantivy's side of --compare tantivy.")
    var tantivyScript = "bench/tantivy_query.py"

    func run() async throws {
        Allocator.printLine()
        if self.compare == .tantivy {
            let comparison = TantivyComparison(
                python: self.python, script: self.tantivyScript, times: self.queries, averageBytes: self.averageBytes,
                only: self.only)
            for count in self.documents.isEmpty ? [20_000] : self.documents {
                try await comparison.run(documents: count)
            }
            return
        }
        for count in self.documents.isEmpty ? [20_000, 200_000] : self.documents {
            try await self.measure(documents: count)
        }
    }

    /// The kinds of query timed, each with the queries it cycles through.
    static func workload(only: String? = nil) -> [(kind: String, queries: [String])] {
        Self.allKinds().filter { kind in only.map { kind.kind.contains($0) } ?? true }
    }

    private static func allKinds() -> [(kind: String, queries: [String])] {
        let vocabulary = Vocabulary(size: 50_000, seed: 2024)
        // Informative words: neither function words nor the rare tail.
        let words = (0..<64).map { vocabulary.words[300 + $0 * 37] }
        let entities = ["North Korea", "Russia", "Iran", "China", "Ukraine", "Kim Jong Un", "artillery shells", "Shahed drones"]
        return [
            ("one entity", entities.map { "entity:\"\($0)\"" }),
            ("entity + date", entities.map { "entity:\"\($0)\" since:2024-01-01" }),
            ("two words (AND)", (0..<32).map { "\(words[$0 * 2]) \(words[$0 * 2 + 1])" }),
            ("phrase", ["\"ballistic missiles\"", "\"air defense systems\"", "\"dual-use goods\"", "\"fighter jets\""]),
            ("entity + word + date", (0..<16).map { "entity:\"\(entities[$0 % 4])\" \(words[$0]) since:2024-01-01" }),
        ]
    }

    /// Asks each of `questions` once to warm up, then `times` times one at a time, cycling; a
    /// table row of the kind, the average hits (`ask` returns a question's total), the rate
    /// and the latencies.
    static func timeOneAtATime(_ kind: String, questions: Int, times: Int, _ ask: (Int) async throws -> Int) async throws -> [String] {
        let (summary, hits) = try await Self.cycle(questions: questions, times: times, ask)
        return [
            kind, Formatting.thousands(Int(hits)), Formatting.fixed(summary.perSecond, decimals: 0),
            Formatting.fixed(summary.p50Microseconds, decimals: 0), Formatting.fixed(summary.p99Microseconds, decimals: 0),
        ]
    }

    /// Asks each of `questions` once to warm up, then `times` questions one at a time,
    /// cycling; the latencies and the average of what `ask` returns (a question's total).
    static func cycle(
        questions: Int, times: Int, _ ask: (Int) async throws -> Int
    ) async throws -> (summary: LatencySummary, hits: Double) {
        for index in 0..<questions { _ = try await ask(index) }
        var latencies: [UInt64] = []
        latencies.reserveCapacity(times)
        var hits = 0
        let start = Stopwatch.now()
        for round in 0..<times {
            let sent = Stopwatch.now()
            hits += try await ask(round % questions)
            latencies.append(Stopwatch.now() - sent)
        }
        let summary = LatencySummary(latencies: latencies, seconds: Double(Stopwatch.now() - start) / 1e9)
        return (summary, Double(hits) / Double(max(1, times)))
    }

    /// Requests per second with `callers` tasks each asking one at a time, `times` in all
    /// (`ask` gets 0..<times): what `axclient batch` does with its default 16 in flight.
    static func rateInFlight(callers: Int = 16, times: Int, _ ask: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        let start = Stopwatch.now()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    for index in stride(from: caller, to: times, by: callers) { try await ask(index) }
                }
            }
            try await group.waitForAll()
        }
        return Double(times) / (Double(Stopwatch.now() - start) / 1e9)
    }

    /// FLOWS questions: a page of one party's statements with their evidence, and a grouped
    /// report (supplier → recipient : item, corroboration, best evidence).
    static func flowWorkload() -> [(kind: String, requests: [FlowsRequest])] {
        let parties = ["North Korea", "Iran", "China", "Russia"]
        let rows = parties.map { party -> FlowsRequest in
            var request = FlowsRequest()
            request.supplier = party
            return request
        }
        let pairs = [("North Korea", "Russia"), ("Iran", "Russia"), ("China", "Russia"), (nil, "Russia")]
        let groups = pairs.map { supplier, recipient -> FlowsRequest in
            var request = FlowsRequest()
            request.supplier = supplier
            request.recipient = recipient
            request.group = true
            return request
        }
        return [("flows: one party, rows", rows), ("flows: grouped report", groups)]
    }

    func measure(documents count: Int) async throws {
        let directory = NSTemporaryDirectory() + "axbench-query-\(getpid())-\(count)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "axbench.query")
        logger.logLevel = .warning
        print("\n=== \(Formatting.thousands(count)) documents ===")
        print("generating and storing...")
        // One sentence in ten states a flow (about three a document), for the flow questions.
        let corpus = Corpus.generate(count: count, averageBytes: self.averageBytes, flowEvery: self.flowEvery)
        let store = try SnapshotStore.open(configuration: StoreConfiguration(directory: directory), logger: logger)
        defer { store.close() }
        try await Self.fill(store, corpus)
        let index = EntityIndex(gazetteer: try Gazetteer.bundled())
        let assembly = ServerAssembly(store: store, index: index, logger: logger)
        let indexer = assembly.indexer
        let queries = self.queries
        let sentences = self.sentences
        let facets = self.facets
        let rawBytes = corpus.totalBytes
        try await withInProcessServer(handler: assembly.router, services: assembly.services) { address in
            print("indexing...")
            let indexStart = Stopwatch.now()
            _ = await indexer.waitUntilIndexed(store.lastSequence, timeout: .seconds(36_000))
            let indexSeconds = Double(Stopwatch.now() - indexStart) / 1e9
            print("indexed \(Formatting.thousands(count)) documents in \(Formatting.fixed(indexSeconds)) s (\(Formatting.fixed(Double(rawBytes) / 1e6 / indexSeconds)) MB/s of text)")

            let connection = try await AxisConnection.connect(to: address)
            var table = TextTable(["query", "hits (avg)", "queries/s", "p50 us", "p99 us"], alignments: [.left, .right, .right, .right, .right])
            var all: [String] = []
            for (kind, texts) in Self.workload(only: self.only) {
                all += texts
                table.add(
                    try await Self.timeOneAtATime(kind, questions: texts.count, times: queries) { index in
                        Int(try await connection.query(texts[index], facets: facets, snippetSentences: sentences).total ?? 0)
                    })
            }
            if self.only.map({ "flows".contains($0) || $0.contains("flows") }) ?? true {
                for (kind, requests) in Self.flowWorkload() {
                    table.add(
                        try await Self.timeOneAtATime(kind, questions: requests.count, times: queries) { index in
                            Int(try await connection.flows(requests[index]).total ?? 0)
                        })
                }
            }
            let mixed = all
            let pipelined = mixed.isEmpty ? 0 : try await Self.rateInFlight(times: queries * 2) { index in
                _ = try await connection.query(mixed[index % mixed.count], facets: facets, snippetSentences: sentences)
            }
            await connection.close()
            // The same mix as a script run by `axclient batch` (16 in flight, the CLI's
            // defaults: snippets and facets), beside the library's 16 callers just before.
            let batch = mixed.isEmpty || facets != QueryRequest.defaultFacets || sentences != QueryRequest.defaultSnippetSentences
                ? nil : try await CLIBatch.rate(server: address, queries: mixed, lines: queries * 2)
            print("")
            print(table.render())
            if !mixed.isEmpty { print("mixed queries, 16 callers on one connection: \(Formatting.fixed(pipelined, decimals: 0)) queries/s") }
            switch batch {
            case .success(let rate):
                print(
                    "the same mix as an axclient batch script (NDJSON discarded): \(Formatting.fixed(rate, decimals: 0)) lines/s, "
                        + "\(Formatting.fixed(rate / pipelined, decimals: 2)) of the library's rate")
            case .failure(let reason): print("axclient batch not measured: \(reason)")
            case nil: break
            }
            if self.inside {
                print(Self.timeInside(index, queries: queries, facets: Int(facets), only: self.only).render())
                print(Self.timeFlowsInside(index, queries: queries).render())
            }
            // Measured after compaction, as the indexer leaves it after a catch-up: arrays still
            // holding their growth capacity moved the figures by a few percent between runs.
            // Timed: the indexer compacts after a catch-up of 10,000 snapshots or more, while
            // queries go on (rare words from another thread: their longest time is how long
            // compaction made one wait).
            let compaction = Self.timeCompaction(index)
            print(
                "compaction (after a large catch-up): \(Formatting.fixed(compaction.total * 1e3, decimals: 0)) ms; "
                    + "a query's longest time meanwhile \(Formatting.fixed(compaction.longestQuery * 1e3, decimals: 1)) ms "
                    + "(\(compaction.queries) queries)")
            let footprint = index.footprint
            let perDocument = Double(footprint.total) / Double(count)
            print(
                "index memory: \(Formatting.bytes(UInt64(footprint.total))) = \(Formatting.fixed(perDocument, decimals: 0)) bytes/document, "
                    + "\(Formatting.fixed(Double(footprint.total) / Double(rawBytes), decimals: 2)) of the raw text "
                    + "(rows \(Formatting.bytes(UInt64(footprint.rows))), entity lists \(Formatting.bytes(UInt64(footprint.entityLists))), "
                    + "entity postings \(Formatting.bytes(UInt64(footprint.entityPostings))), term postings \(Formatting.bytes(UInt64(footprint.termPostings))), "
                    + "dictionaries \(Formatting.bytes(UInt64(footprint.dictionaries))), "
                    + "flows \(Formatting.bytes(UInt64(footprint.flows))) = \(Formatting.fixed(Double(footprint.flows) / Double(count), decimals: 0)) bytes/document "
                    + "(kept sums \(Formatting.bytes(UInt64(footprint.keptFlowSums)))), "
                    + "\(Formatting.fixed(Double(footprint.flows) / Double(max(1, footprint.total - footprint.flows)), decimals: 3)) of the rest)")
        }
    }

    /// How long `index.compact()` takes, and the longest a query took while it ran (queries
    /// from another thread, one after another).
    static func timeCompaction(_ index: EntityIndex) -> (total: Double, longestQuery: Double, queries: Int) {
        let done = Mutex(false)
        let measured = Mutex((longest: UInt64(0), queries: 0))
        let texts = Self.workload(only: "words").first?.queries ?? ["shells"]
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var round = 0
            while !done.withLock({ $0 }) {
                let sent = Stopwatch.now()
                _ = try? index.query(texts[round % texts.count], options: QueryOptions(limit: 10, facets: 0))
                let elapsed = Stopwatch.now() - sent
                measured.withLock { $0 = (max($0.longest, elapsed), $0.queries + 1) }
                round += 1
            }
            finished.signal()
        }
        let start = Stopwatch.now()
        index.compact()
        let total = Double(Stopwatch.now() - start) / 1e9
        done.withLock { $0 = true }
        finished.wait()
        let result = measured.withLock { $0 }
        return (total, Double(result.longest) / 1e9, result.queries)
    }

    /// The same workload run on the index directly: what ranking and facets cost without the
    /// RPC and the snippets, and which query of each kind is slowest (by its median).
    static func timeInside(_ index: EntityIndex, queries: Int, facets: Int, only: String?) -> TextTable {
        var table = TextTable(
            ["inside the index", "p50 us", "p99 us", "slowest query", "its p50 us", "q/s 1 thread", "q/s 2 threads", "2 / 1"],
            alignments: [.left, .right, .right, .left, .right, .right, .right, .right])
        for (kind, texts) in Self.workload(only: only) {
            var latencies: [UInt64] = []
            var perText = [[UInt64]](repeating: [], count: texts.count)
            let start = Stopwatch.now()
            for round in 0..<queries {
                let sent = Stopwatch.now()
                _ = try? index.query(texts[round % texts.count], options: QueryOptions(facets: facets))
                let elapsed = Stopwatch.now() - sent
                latencies.append(elapsed)
                perText[round % texts.count].append(elapsed)
            }
            let summary = LatencySummary(latencies: latencies, seconds: Double(Stopwatch.now() - start) / 1e9)
            let medians = perText.map { LatencySummary(latencies: $0, seconds: 1).p50Microseconds }
            let slowest = medians.indices.max { medians[$0] < medians[$1] } ?? 0
            // The same questions from two threads at once (queries share the index's lock):
            // on two cores, twice the one thread's rate at best.
            let togetherStart = Stopwatch.now()
            DispatchQueue.concurrentPerform(iterations: 2) { thread in
                for round in stride(from: thread, to: queries, by: 2) {
                    _ = try? index.query(texts[round % texts.count], options: QueryOptions(facets: facets))
                }
            }
            let together = Double(queries) / (Double(Stopwatch.now() - togetherStart) / 1e9)
            table.add([
                kind, Formatting.fixed(summary.p50Microseconds, decimals: 0), Formatting.fixed(summary.p99Microseconds, decimals: 0),
                texts[slowest], Formatting.fixed(medians[slowest], decimals: 0),
                Formatting.fixed(summary.perSecond, decimals: 0), Formatting.fixed(together, decimals: 0),
                Formatting.fixed(together / summary.perSecond, decimals: 2),
            ])
        }
        return table
    }

    /// The flow questions on the index directly: no RPC, no evidence sentences read.
    static func timeFlowsInside(_ index: EntityIndex, queries: Int) -> TextTable {
        var table = TextTable(["flows inside the index", "p50 us", "p99 us"], alignments: [.left, .right, .right])
        var workload = Self.flowWorkload().map { (kind: $0.kind, requests: $0.requests, forget: false, warm: false) }
        // What a report costs when nothing is kept: the first of each party, or after a change
        // to every block (each question drops the sums first); and the first ask after the
        // warm-up the indexer runs once it has caught up (timed on its own row).
        if let grouped = workload.last {
            workload.append((kind: grouped.kind + ", nothing kept", requests: grouped.requests, forget: true, warm: false))
            workload.append((kind: grouped.kind + ", first ask after warm-up", requests: grouped.requests, forget: true, warm: true))
        }
        var warmUps: [UInt64] = []
        for (kind, requests, forget, warm) in workload {
            var latencies: [UInt64] = []
            let start = Stopwatch.now()
            for round in 0..<(forget ? max(8, queries / 10) : queries) {
                let request = requests[round % requests.count]
                var filter = FlowFilter()
                filter.supplier = request.supplier
                filter.recipient = request.recipient
                if forget { index.forgetKeptFlowSums() }
                if warm {
                    let began = Stopwatch.now()
                    index.warmFlowSums()
                    warmUps.append(Stopwatch.now() - began)
                }
                let sent = Stopwatch.now()
                _ = try? index.flows(filter, grouped: request.group, limit: Int(request.limit))
                latencies.append(Stopwatch.now() - sent)
            }
            let summary = LatencySummary(latencies: latencies, seconds: Double(Stopwatch.now() - start) / 1e9)
            table.add([kind, Formatting.fixed(summary.p50Microseconds, decimals: 0), Formatting.fixed(summary.p99Microseconds, decimals: 0)])
        }
        if !warmUps.isEmpty {
            let summary = LatencySummary(latencies: warmUps, seconds: 0)
            table.add(["warm-up (the indexer's, off the question path)", Formatting.fixed(summary.p50Microseconds, decimals: 0), Formatting.fixed(summary.p99Microseconds, decimals: 0)])
        }
        return table
    }

    /// Puts the corpus into the store with two writers (both cores compress).
    static func fill(_ store: SnapshotStore, _ corpus: Corpus) async throws {
        let documents = corpus.documents
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    for start in stride(from: writer * 200, to: documents.count, by: 400) {
                        let inputs = documents[start..<min(start + 200, documents.count)].map { document in
                            DocumentInput(
                                key: document.key,
                                metadata: DocumentMetadata(title: document.title, source: document.source, published: PublishedDate(document.published)),
                                body: .raw(document.body))
                        }
                        for result in await store.put(batch: inputs) { _ = try result.get() }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
