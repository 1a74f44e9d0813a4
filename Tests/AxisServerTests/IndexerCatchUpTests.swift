import AxisIndex
@testable import AxisServer
import AxisStore
import AxisTestSupport
import Testing

/// The indexer catches up in batches, reading and extracting the next batch while the index
/// adds the last: every snapshot is added once, in order, whatever the batches' borders.
@Suite("The indexer's catch-up")
struct IndexerCatchUpTests {
    @Test("a store written before the indexer starts, over several batches with new versions: all found, latest versions only")
    func batchesInOrder() async throws {
        try await withTemporaryStore { store, _, logger in
            // More than three of the indexer's batches, then new versions of a third of the
            // documents, all in the store before the index sees any.
            let documents = 3 * Indexer.batchSnapshots + 137
            func input(_ number: Int, revised: Bool) -> DocumentInput {
                let text = revised ? "Shipment \(number) was revised after inspection at the port." : "Shipment \(number) left the depot by rail."
                return DocumentInput(key: "doc/\(number)", metadata: DocumentMetadata(source: "desk"), body: .raw(Array(text.utf8)))
            }
            for result in await store.put(batch: (0..<documents).map { input($0, revised: false) }) { _ = try result.get() }
            let revised = Array(stride(from: 0, to: documents, by: 3))
            for result in await store.put(batch: revised.map { input($0, revised: true) }) { _ = try result.get() }

            let index = EntityIndex(gazetteer: try bundledGazetteer.get())
            let indexer = Indexer(store: store, index: index, checkpoint: nil, logger: logger)
            await indexer.catchUp(to: store.lastSequence)
            #expect(index.indexedSequence == store.lastSequence)
            #expect(try index.query("shipment").total == documents)
            #expect(try index.query("revised").total == revised.count)
            #expect(try index.query("depot").total == documents - revised.count)
            // Each document by its own number: the first, the last, and both sides of every
            // batch border.
            let borders = (1...5).flatMap { [$0 * Indexer.batchSnapshots - 1, $0 * Indexer.batchSnapshots] }.filter { $0 < documents }
            for number in [0, 1, documents - 1] + borders {
                #expect(try index.query("shipment AND \(number)").total == 1, "document \(number)")
            }
        }
    }
}
