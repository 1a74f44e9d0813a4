import AxisClient
import AxisCodec
import AxisServer
import AxisTestSupport
import NIOCore
import Testing

/// The client's side of an export in stored form (PROTOCOL.md §11.6), against a server that
/// sends what it is told: records that do not check out end the stream with a clear error.
@Suite("Export in stored form: what the client refuses", .timeLimit(.minutes(1)))
struct StoredExportClientTests {
    /// Answers every EXPORT with one given frame.
    struct OneFrameExport: RequestHandler {
        let part: ExportPart
        var opcodes: [Opcode] { [.export] }
        func handle(_ request: Request, context: RequestContext) async throws { try await context.reply(self.part) }
    }

    /// Vector 52: the snapshot of sequence 42 and the tombstone of 43, with their summary.
    static func vectorPart() throws -> ExportPart {
        var frame = try Vectors.bytes("52-export-stored-reply")
        frame.moveReaderIndex(forwardBy: FrameHeader.size)
        return try ExportPart(fromPayload: &frame)
    }

    static func export(_ part: ExportPart) async throws -> Result<[UInt64], ClientError> {
        try await withTestServer(handler: OneFrameExport(part: part)) { server in
            let connection = try await AxisConnection.connect(to: server.address)
            defer { connection.abort() }
            var sequences: [UInt64] = []
            do {
                for try await event in connection.export() {
                    if case .record(let record) = event, let info = record.info { sequences.append(info.sequence) }
                }
                return .success(sequences)
            } catch let error as ClientError {
                return .failure(error)
            }
        }
    }

    static func message(_ result: Result<[UInt64], ClientError>) -> String {
        if case .failure(let error) = result, error.code == .protocolError { return error.message }
        return "no protocol error: \(result)"
    }

    @Test("the vector's frame reads as its two records; a layout number this client does not know, records out of order, a damaged record, a stream ending inside a record: each a protocol error that says so")
    func refusals() async throws {
        let part = try Self.vectorPart()
        #expect(try await Self.export(part).get() == [42, 43])

        var unknown = part
        unknown.storedFormat = 2
        #expect(Self.message(try await Self.export(unknown)).contains("format 2"))

        var reversed = part
        reversed.stored.reverse()
        #expect(Self.message(try await Self.export(reversed)).contains("out of order"))

        var damaged = part
        var bytes = Array(damaged.stored[0].readableBytesView)
        bytes[60] ^= 0x01
        damaged.stored[0] = ByteBuffer(bytes: bytes)
        #expect(Self.message(try await Self.export(damaged)).contains("CRC-32"))

        var cut = part
        cut.stored[1] = cut.stored[1].getSlice(at: cut.stored[1].readerIndex, length: 20) ?? ByteBuffer()
        #expect(Self.message(try await Self.export(cut)).contains("ended inside a record"))
    }
}
