import AxisCodec
import AxisDigest
import AxisTestSupport
import NIOCore
import Testing

/// Expectations for the bulk-transfer vectors (§10.8 DOC_STAT, §11) and the pack file vector.
extension GoldenVectorTests {
    static let sourceID = "9f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f"

    /// The snapshot record of the bulk vectors, its compressed size read from the vector.
    static func checkRecord(_ record: PackRecord, sequence: UInt64 = 42) throws {
        try Self.checkBody(record.bodyZlib)
        #expect(!record.continued)
        #expect(record.info == Self.info(version: 1, sequence: sequence, compressedSize: UInt32(record.bodyZlib.readableBytes)))
    }

    static let tombstone = PackRecord(info: GoldenVectorTests.info(version: 2, sequence: 43, deleted: true, compressedSize: 0), bodyZlib: ByteBuffer())

    static let bulkExpectations: [String: Expectation] = [
        "24-doc-stat": Expectation(opcode: .docStat, requestID: 17, flags: [], message: DocStat(keys: [Self.key, "reuters/missing"])),
        "25-doc-stat-reply": Expectation(opcode: .docStat, requestID: 17, flags: [.response]) { payload in
            var copy = payload
            let reply = try DocStatReply(fromPayload: &copy)
            let size = try #require(reply.snapshots.first).compressedSize
            #expect(reply == DocStatReply(snapshots: [Self.info(version: 1, sequence: 42, compressedSize: size)], total: 1))
            return reply.encoded()
        },
        "26-export": Expectation(opcode: .export, requestID: 18, flags: [], message: Export(sinceSequence: 41)),
        "27-export-first": Expectation(opcode: .export, requestID: 18, flags: [.response, .more]) { payload in
            var copy = payload
            let part = try ExportPart(fromPayload: &copy)
            #expect(part.sourceServerID == Self.sourceID && part.untilSequence == 43 && part.summary == nil)
            #expect(part.records.count == 1)
            try Self.checkRecord(try #require(part.records.first))
            return part.encoded()
        },
        "28-export-last": Expectation(
            opcode: .export, requestID: 18, flags: [.response],
            message: ExportPart(
                records: [Self.tombstone],
                summary: TransferSummary(count: 2, snapshots: 1, tombstones: 1, lastSequence: 43, bodyBytes: 33))),
        "29-import": Expectation(opcode: .import, requestID: 19, flags: []) { payload in
            var copy = payload
            let request = try Import(fromPayload: &copy)
            #expect(request.sourceServerID == Self.sourceID && request.watermark == 43 && request.records.count == 2)
            try Self.checkRecord(try #require(request.records.first))
            #expect(request.records.last == Self.tombstone)
            return request.encoded()
        },
        "30-import-reply": Expectation(
            opcode: .import, requestID: 19, flags: [.response], message: ImportReply(imported: 2, skipped: 0, watermark: 43, lastSequence: 2)),
        "31-sync-state": Expectation(opcode: .syncState, requestID: 20, flags: [], message: SyncState(sourceServerID: Self.sourceID)),
        "32-sync-state-reply": Expectation(
            opcode: .syncState, requestID: 20, flags: [.response],
            message: SyncStateReply(watermark: 43, serverID: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", lastSequence: 2)),
        "51-export-stored": Expectation(opcode: .export, requestID: 18, flags: [], message: Export(sinceSequence: 41, storedForm: true)),
        "52-export-stored-reply": Expectation(opcode: .export, requestID: 18, flags: [.response]) { payload in
            var copy = payload
            let part = try ExportPart(fromPayload: &copy)
            #expect(part.sourceServerID == Self.sourceID && part.untilSequence == 43 && part.storedFormat == StoredRecord.format)
            #expect(part.summary == TransferSummary(count: 2, snapshots: 1, tombstones: 1, lastSequence: 43, bodyBytes: 33))
            #expect(part.records.isEmpty && part.stored.count == 2)
            var assembler = StoredRecordAssembler()
            var records: [PackRecord] = []
            for chunk in part.stored { try assembler.absorb(chunk, into: &records) }
            #expect(records.count == 2 && !assembler.isInsideRecord)
            try Self.checkRecord(try #require(records.first))
            #expect(records.last == Self.tombstone)
            return part.encoded()
        },
        "33-hello-reply-server-id": Expectation(
            opcode: .hello, requestID: 1, flags: [.response],
            message: HelloReply(
                version: 1, serverName: "axserver", serverVersion: "0.1.0",
                limits: ServerLimits(
                    maxPayloadBytes: 1_048_576, maxInflatedPayloadBytes: 8_388_608, maxInflationRatio: 100,
                    maxBodyBytes: 67_108_864, maxInflightRequests: 256, idleTimeoutMilliseconds: 300_000),
                opcodes: [.hello, .ping, .goAway, .cancel], connectionID: 7, serverID: Self.sourceID)),
    ]

    @Test("the pack vector reads back: header, a snapshot and a tombstone, a trailer that checks out; a writer makes the same bytes")
    func pack() throws {
        let bytes = Array(try Vectors.bytes("40-pack").readableBytesView)
        var reader = try PackReader(source: BytesPackSource(bytes))
        let header = PackHeader(
            sourceServerID: Self.sourceID, sinceSequence: 41, createdMilliseconds: 1_795_350_000_000, serverName: "axserver",
            serverVersion: "0.1.0")
        #expect(reader.header == header)
        let first = try #require(try reader.next())
        try Self.checkRecord(first)
        #expect(try reader.next() == Self.tombstone)
        #expect(try reader.next() == nil)
        let trailer = try #require(reader.trailer)
        #expect(trailer.summary == TransferSummary(count: 2, snapshots: 1, tombstones: 1, lastSequence: 43, bodyBytes: 33))

        var writer = PackWriter()
        var written: [UInt8] = []
        for buffer in [writer.header(header), writer.record(first), writer.record(Self.tombstone), writer.trailer()] {
            written += Array(buffer.readableBytesView)
        }
        #expect(written == bytes)
    }
}

/// A pack held in memory.
struct BytesPackSource: PackSource {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func read(_ count: Int) throws -> [UInt8] {
        let end = min(self.bytes.count, self.position + count)
        defer { self.position = end }
        return Array(self.bytes[self.position..<end])
    }
}
