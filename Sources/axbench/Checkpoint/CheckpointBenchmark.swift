import ArgumentParser
import AxisIndex
import AxisServer
import AxisStore
import AxisTerminal
import Foundation

/// `axbench checkpoint`: what a journal record costs next to a full checkpoint of the same
/// index (issue 19: checkpoints that cost what changed). Indexes a generated corpus in memory,
/// times a full checkpoint (encode and write with fsync), adds a small batch, times the journal
/// record for it, and times a restore from the checkpoint and its journal.
struct CheckpointBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Time a journal record of the index's changes next to a full checkpoint of the same index.")

    @Option(help: "Snapshots indexed before the full checkpoint.")
    var snapshots: Int = 20_000

    @Option(help: "Snapshots added before each journal record.")
    var batch: Int = 200

    @Option(help: "Journal records written (and restored).")
    var records: Int = 5

    @Option(help: "Average body size in bytes.")
    var averageBytes: Int = 3000

    func run() async throws {
        Allocator.printLine()
        let gazetteer = try Gazetteer.bundled()
        let extractor = Extractor(gazetteer: gazetteer)
        let total = self.snapshots + self.batch * self.records
        print("generating and extracting \(total) documents of ~\(self.averageBytes) bytes...")
        let corpus = Corpus.generate(count: min(total, 20_000), averageBytes: self.averageBytes, flowEvery: 8)
        let extracted = corpus.documents.map { document -> (Extraction, DocumentTerms) in
            let text = String(decoding: document.body, as: UTF8.self)
            return (extractor.extract(text), DocumentTerms(title: document.title, body: text))
        }
        func snapshot(_ sequence: Int) -> IndexedSnapshot {
            let document = corpus.documents[(sequence - 1) % corpus.documents.count]
            let (extraction, terms) = extracted[(sequence - 1) % extracted.count]
            // Keys repeat a little: later snapshots are new versions of earlier documents.
            return IndexedSnapshot(
                sequence: UInt64(sequence), key: "doc/\((sequence - 1) % (self.snapshots * 9 / 10 + 1))", version: 1,
                ingestTime: Int64(sequence) * 1_000_000_000, published: document.published, source: document.source, tags: [],
                isTombstone: false, extraction: extraction, terms: terms)
        }
        let index = EntityIndex(gazetteer: gazetteer)
        var sequence = 0
        while sequence < self.snapshots {
            let end = min(self.snapshots, sequence + 1000)
            index.add(((sequence + 1)...end).map(snapshot))
            sequence = end
        }
        index.compact()

        let directory = NSTemporaryDirectory() + "axbench-checkpoint-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = IndexCheckpointFile(dataDirectory: directory)

        let fullStart = Stopwatch.now()
        let (base, baseMark) = IndexCheckpoint.encodeMarked(index)
        try file.write(base)
        try file.resetJournal(IndexCheckpointJournal.header(baseSequence: baseMark.sequence))
        let fullSeconds = Double(Stopwatch.now() - fullStart) / 1e9

        var mark = baseMark
        var journalSeconds: [Double] = []
        var journalBytes: [Int] = []
        for _ in 0..<self.records {
            let end = sequence + self.batch
            index.add(((sequence + 1)...end).map(snapshot))
            sequence = end
            let start = Stopwatch.now()
            guard let (payload, next) = IndexCheckpointDelta.encode(index, since: mark) else { continue }
            let record = IndexCheckpointJournal.record(payload)
            try file.appendJournal(record)
            journalSeconds.append(Double(Stopwatch.now() - start) / 1e9)
            journalBytes.append(record.count)
            mark = next
        }

        let restoreStart = Stopwatch.now()
        let baseRead = try file.read() ?? []
        let journal = IndexCheckpointJournal.parse(try file.readJournal() ?? [])
        let (restored, applied) = try IndexCheckpoint.decode(baseRead, journal: journal?.records ?? [], gazetteer: gazetteer)
        let restoreSeconds = Double(Stopwatch.now() - restoreStart) / 1e9
        let whole = IndexCheckpoint.encode(index)
        let fullRestoreStart = Stopwatch.now()
        _ = try IndexCheckpoint.decode(whole, gazetteer: gazetteer)
        let fullRestoreSeconds = Double(Stopwatch.now() - fullRestoreStart) / 1e9
        guard restored.indexedSequence == index.indexedSequence, IndexCheckpoint.encode(restored) == IndexCheckpoint.encode(index) else {
            throw ValidationError("the restored index differs from the one that wrote it")
        }

        let journalMean = journalSeconds.reduce(0, +) / Double(max(1, journalSeconds.count))
        let bytesMean = journalBytes.reduce(0, +) / max(1, journalBytes.count)
        print("")
        print("full checkpoint of \(self.snapshots) snapshots: \(base.count / 1024) KiB in \(Formatting.fixed(fullSeconds * 1000, decimals: 1)) ms")
        print("journal record of \(self.batch) snapshots: \(bytesMean / 1024) KiB in \(Formatting.fixed(journalMean * 1000, decimals: 1)) ms"
            + " = \(Formatting.fixed(journalMean / fullSeconds, decimals: 4)) of the full checkpoint's time,"
            + " \(Formatting.fixed(Double(bytesMean) / Double(base.count), decimals: 4)) of its bytes")
        print("restore from the checkpoint and \(applied) records: \(Formatting.fixed(restoreSeconds * 1000, decimals: 0)) ms"
            + " = \(Formatting.fixed(restoreSeconds / fullRestoreSeconds, decimals: 2)) of decoding one full checkpoint of the same index")
    }
}
