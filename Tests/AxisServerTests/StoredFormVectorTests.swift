import AxisCodec
import AxisDigest
@testable import AxisStore
import AxisTestSupport
import NIOCore
import Testing

/// The stored form of PROTOCOL.md §11.6 is the log's record format: the records of vector 52
/// are byte for byte what the store writes for the same snapshot and tombstone.
@Suite("Stored-form vector against the store's own encoder")
struct StoredFormVectorTests {
    @Test("vector 52's records are what LogRecord.encode writes")
    func storeWritesTheVectorsBytes() throws {
        var frame = try Vectors.bytes("52-export-stored-reply")
        frame.moveReaderIndex(forwardBy: FrameHeader.size)
        let part = try ExportPart(fromPayload: &frame)
        let chunks = part.stored.map { Array($0.readableBytesView) }
        #expect(chunks.count == 2)
        var assembler = StoredRecordAssembler()
        var records: [PackRecord] = []
        for chunk in part.stored { try assembler.absorb(chunk, into: &records) }
        let snapshot = try #require(records.first?.info)
        let location = SnapshotLocation(segment: 1, offset: 0, length: 0)
        let info = SnapshotInfo(
            key: snapshot.key, version: snapshot.version, sequence: snapshot.sequence, ingestTime: snapshot.ingestTimeMilliseconds,
            kind: .snapshot, contentHash: ContentHash(bytes: snapshot.contentHash), bodySize: snapshot.bodySize,
            compressedSize: snapshot.compressedSize,
            metadata: DocumentMetadata(
                title: snapshot.title, source: snapshot.source, url: snapshot.url, published: PublishedDate(snapshot.published),
                tags: snapshot.tags),
            location: location)
        let zlib = Array(try #require(records.first).bodyZlib.readableBytesView)
        #expect(LogRecord.encode(info: info, compressedBody: zlib) == chunks.first)
        var tombstone = info
        tombstone.kind = .tombstone
        tombstone.version = 2
        tombstone.sequence = 43
        #expect(LogRecord.encode(info: tombstone, compressedBody: []) == chunks.last)
    }
}
