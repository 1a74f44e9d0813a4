import ArgumentParser
import AxisIndex
import AxisTerminal
import AxisZlib
import Foundation

/// `axbench extract`: entity extraction speed on the generated corpus, next to zlib inflate
/// of the same bodies on one core; or, with `--predictions`, the scorer's input for a folder.
struct ExtractBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Time entity extraction next to zlib inflate of the same bodies; or write predictions for score.py.",
        discussion: """
            Examples:
              axbench extract                                   # speed on 4,000 generated articles
              axbench extract --documents 20000 --rounds 5
              axbench extract --predictions preds.json ../shared/seeds
              python3 ../shared/eval/score.py preds.json        # see ../shared/eval for its arguments
            """)

    @Option(help: "Generated documents.")
    var documents: Int = 4000

    @Option(help: "Average body size in bytes.")
    var averageBytes: Int = 5000

    @Option(help: "Timed passes over the corpus (each slice's best is kept).")
    var rounds: Int = 5

    /// Documents timed together (see `run`): long enough for the clock, short beside noise.
    static let sliceDocuments = 100

    @Option(help: ArgumentHelp("Write score.py predictions for the .txt files of DIR to this file.", valueName: "FILE"))
    var predictions: String?

    @Argument(help: ArgumentHelp("With --predictions: the folder of .txt articles.", valueName: "DIR"))
    var folder: String?

    @Flag(help: "Also time each stage of the pipeline (µs per document, one pass).")
    var stages = false

    @Option(help: ArgumentHelp("A gazetteer file added to the bundled one (repeatable).", valueName: "FILE"))
    var gazetteer: [String] = []

    func validate() throws {
        if (self.predictions == nil) != (self.folder == nil) {
            throw ValidationError("--predictions FILE and DIR go together")
        }
    }

    func run() async throws {
        Allocator.printLine()
        var gazetteer = try Gazetteer.bundled()
        for path in self.gazetteer { gazetteer = try gazetteer.merging(try Gazetteer.load(contentsOf: path)) }
        let buildStart = Stopwatch.now()
        let extractor = Extractor(gazetteer: gazetteer)
        let buildSeconds = Double(Stopwatch.now() - buildStart) / 1e9
        if let predictions = self.predictions, let folder = self.folder {
            try Self.writePredictions(folder: folder, to: predictions, extractor: extractor)
            return
        }
        print("gazetteer: \(gazetteer.entities.count) entities; extractor built in \(Formatting.fixed(buildSeconds * 1000, decimals: 0)) ms")
        print("generating \(self.documents) documents of ~\(self.averageBytes) bytes...")
        let corpus = Corpus.generate(count: self.documents, averageBytes: self.averageBytes)
        let texts = corpus.documents.map { String(decoding: $0.body, as: UTF8.self) }
        let deflater = try Deflater(level: 6)
        let compressed = corpus.documents.map { deflater.compress($0.body) }
        let sizes = corpus.documents.map(\.body.count)
        let megabytes = Double(corpus.totalBytes) / 1_000_000

        let inflater = try Inflater()
        // The corpus is timed in slices, inflate then extraction then words for each slice, and
        // each slice keeps its best time across rounds: on a shared machine a burst of noise
        // then spoils one slice of one round rather than a whole measure (with whole-corpus
        // rounds, best of 3, the ratio moved by 0.1 between runs of one build).
        let slices = stride(from: 0, to: texts.count, by: Self.sliceDocuments).map { $0..<min($0 + Self.sliceDocuments, texts.count) }
        var inflateBest = [Double](repeating: .infinity, count: slices.count)
        var extractBest = inflateBest
        var termsBest = inflateBest
        var mentions = 0
        var flows = 0
        for _ in 0..<max(1, self.rounds) {
            mentions = 0
            flows = 0
            for (slice, documents) in slices.enumerated() {
                let inflateStart = Stopwatch.now()
                for index in documents {
                    _ = try inflater.inflate(compressed[index], maxOutputBytes: sizes[index], expectedOutputBytes: sizes[index])
                }
                inflateBest[slice] = min(inflateBest[slice], Double(Stopwatch.now() - inflateStart) / 1e9)
                let extractStart = Stopwatch.now()
                for index in documents {
                    let extraction = extractor.extract(texts[index])
                    mentions += extraction.mentions.count
                    flows += extraction.flows.count
                }
                extractBest[slice] = min(extractBest[slice], Double(Stopwatch.now() - extractStart) / 1e9)
                let termsStart = Stopwatch.now()
                var words = 0
                for index in documents { words += Int(DocumentTerms(title: "", body: texts[index]).length) }
                termsBest[slice] = min(termsBest[slice], Double(Stopwatch.now() - termsStart) / 1e9)
                precondition(words > 0 || documents.isEmpty)
            }
        }
        let inflateSeconds = inflateBest.reduce(0, +)
        let extractSeconds = extractBest.reduce(0, +)
        let termsSeconds = termsBest.reduce(0, +)
        var table = TextTable(["measure, one core", "MB/s", "docs/s", "vs inflate"], alignments: [.left, .right, .right, .right])
        table.add([
            "zlib inflate (level 6 bodies)", Formatting.fixed(megabytes / inflateSeconds),
            Formatting.fixed(Double(self.documents) / inflateSeconds, decimals: 0), "1.00",
        ])
        table.add([
            "extraction (mentions, people, quantities, flows)", Formatting.fixed(megabytes / extractSeconds),
            Formatting.fixed(Double(self.documents) / extractSeconds, decimals: 0), Formatting.fixed(inflateSeconds / extractSeconds, decimals: 2),
        ])
        table.add([
            "full-text words (tokens, stems, positions)", Formatting.fixed(megabytes / termsSeconds),
            Formatting.fixed(Double(self.documents) / termsSeconds, decimals: 0), Formatting.fixed(inflateSeconds / termsSeconds, decimals: 2),
        ])
        print("")
        print(table.render())
        print("")
        print("\(Formatting.fixed(megabytes)) MB of text; \(Formatting.thousands(mentions)) mentions, \(Formatting.thousands(flows)) flows; each slice of \(Self.sliceDocuments) documents best of \(self.rounds) rounds")
        if self.stages {
            var seconds = [Double](repeating: 0, count: Extractor.benchmarkStageNames.count)
            for text in texts { extractor.benchmarkStages(text, into: &seconds) }
            var stages = TextTable(["stage", "µs/document", "share"], alignments: [.left, .right, .right])
            let total = seconds.reduce(0, +)
            for (name, time) in zip(Extractor.benchmarkStageNames, seconds) {
                stages.add([
                    name, Formatting.fixed(time * 1e6 / Double(self.documents), decimals: 1), Formatting.fixed(time / max(total, 1e-9), decimals: 2),
                ])
            }
            print("")
            print(stages.render())
        }
    }

    /// The scorer's JSON for every .txt file of `folder`, keyed by file name.
    static func writePredictions(folder: String, to path: String, extractor: Extractor) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
        let documents = try names.map { name -> (name: String, text: String) in
            let data = try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
            return (name, String(decoding: data, as: UTF8.self))
        }
        let start = Stopwatch.now()
        let output = EvaluationOutput.predictions(documents: documents, extractor: extractor, system: "axis \(Extractor.version)")
        let seconds = Double(Stopwatch.now() - start) / 1e9
        try output.write(to: URL(fileURLWithPath: path))
        print("wrote predictions for \(documents.count) documents to \(path) in \(Formatting.fixed(seconds * 1000, decimals: 1)) ms")
    }
}
