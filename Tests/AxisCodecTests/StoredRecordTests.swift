import AxisCodec
import AxisTestSupport
import AxisZlib
import NIOCore
import Testing

/// Records in stored form (PROTOCOL.md §11.6), written here byte by byte from the spec's
/// table, read back by the codec; cut anywhere between chunks; damaged anywhere.
@Suite("Stored records (§11.6)")
struct StoredRecordTests {
    /// A record as §11.6 lays it out, written independently of the codec.
    static func record(
        kind: UInt8 = 1, sequence: UInt64, version: UInt32 = 1, ingest: Int64 = 1_700_000_000_000, key: String,
        title: String = "", source: String = "", url: String = "", published: String = "", tags: [String] = [],
        body: [UInt8] = [], bodySize: UInt64 = 0
    ) -> [UInt8] {
        var out: [UInt8] = []
        func be<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.bigEndian) { out += $0 } }
        func text16(_ text: String) { be(UInt16(text.utf8.count)); out += text.utf8 }
        out += [kind, 0]
        be(sequence)
        be(version)
        be(ingest)
        text16(key)
        if kind == 1 {
            out += [UInt8](repeating: 0xAB, count: 32)
            be(bodySize)
            text16(title)
            text16(source)
            text16(url)
            out.append(UInt8(published.utf8.count))
            out += published.utf8
            be(UInt16(tags.count))
            for tag in tags { text16(tag) }
            be(UInt32(body.count))
            out += body
        }
        return Self.frame(out)
    }

    /// A record body with its header: magic, length, CRC-32.
    static func frame(_ body: [UInt8]) -> [UInt8] {
        var record: [UInt8] = Array("AXR1".utf8)
        withUnsafeBytes(of: UInt32(body.count).bigEndian) { record += $0 }
        withUnsafeBytes(of: CRC32.checksum(body).bigEndian) { record += $0 }
        return record + body
    }

    static var sample: [[UInt8]] {
        [
            Self.record(
                sequence: 7, version: 2, key: "report/7", title: "Convoy — north", source: "fixture", url: "https://example.org/7",
                published: "2026-03-01", tags: ["convoy", "artillery"], body: Array(repeating: 0x78, count: 300), bodySize: 900),
            Self.record(kind: 2, sequence: 8, version: 3, key: "report/7"),
            Self.record(sequence: 10, key: "short", body: [1, 2, 3], bodySize: 3),
        ]
    }

    static func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    @Test("a snapshot and a tombstone read as the PackRecords the plain form carries")
    func decodes() throws {
        let records = Self.sample
        let snapshot = try StoredRecord.decode(Self.buffer(records[0]))
        let info = try #require(snapshot.info)
        #expect(info.key == "report/7" && info.version == 2 && info.sequence == 7 && info.ingestTimeMilliseconds == 1_700_000_000_000)
        #expect(!info.deleted && info.contentHash == [UInt8](repeating: 0xAB, count: 32) && info.bodySize == 900 && info.compressedSize == 300)
        #expect(info.title == "Convoy — north" && info.source == "fixture" && info.url == "https://example.org/7")
        #expect(info.published == "2026-03-01" && info.tags == ["convoy", "artillery"])
        #expect(snapshot.bodyZlib == ByteBuffer(bytes: Array(repeating: 0x78, count: 300)) && !snapshot.continued)

        let tombstone = try StoredRecord.decode(Self.buffer(records[1]))
        #expect(tombstone.info == SnapshotInfoMessage(key: "report/7", version: 3, sequence: 8, ingestTimeMilliseconds: 1_700_000_000_000, deleted: true))
        #expect(tombstone.bodyZlib.readableBytes == 0)
    }

    @Test("records cut between chunks at every place come out whole and the same")
    func cutAnywhere() throws {
        let records = Self.sample
        let stream = records.flatMap { $0 }
        let whole = try records.map { try StoredRecord.decode(Self.buffer($0)) }
        for cut in 0...stream.count {
            var assembler = StoredRecordAssembler()
            var out: [PackRecord] = []
            try assembler.absorb(Self.buffer(Array(stream[..<cut])), into: &out)
            try assembler.absorb(Self.buffer(Array(stream[cut...])), into: &out)
            #expect(out == whole && !assembler.isInsideRecord, "cut at \(cut)")
        }
        // One byte a chunk.
        var assembler = StoredRecordAssembler()
        var out: [PackRecord] = []
        for byte in stream { try assembler.absorb(Self.buffer([byte]), into: &out) }
        #expect(out == whole)
        // A chunk that ends inside a record leaves the assembler waiting.
        var waiting = StoredRecordAssembler()
        var none: [PackRecord] = []
        try waiting.absorb(Self.buffer(Array(records[0].dropLast())), into: &none)
        #expect(none.isEmpty && waiting.isInsideRecord)
    }

    @Test("seeded damage anywhere in a record is an error, never a crash or a wrong record")
    func damage() throws {
        var random = SplitMix64(seed: 23)
        let original = Self.sample[0]
        let good = try StoredRecord.decode(Self.buffer(original))
        for _ in 0..<2000 {
            var bytes = original
            let at = Int(random.next() % UInt64(bytes.count))
            bytes[at] ^= UInt8(1 + random.next() % 255)
            var assembler = StoredRecordAssembler()
            var out: [PackRecord] = []
            do {
                try assembler.absorb(Self.buffer(bytes), into: &out)
                // A changed length can leave the record waiting for more; never a wrong record.
                #expect(out.isEmpty || out == [good], "byte \(at)")
                #expect(out.isEmpty, "damage at byte \(at) went unnoticed")
            } catch {
                #expect(out.isEmpty)
            }
        }
    }

    @Test("what the checks refuse, each with its reason")
    func refusals() throws {
        func error(_ bytes: [UInt8]) -> CodecError? {
            var assembler = StoredRecordAssembler()
            var out: [PackRecord] = []
            do {
                try assembler.absorb(Self.buffer(bytes), into: &out)
                return nil
            } catch {
                return error
            }
        }
        // A commit record (kind 3: reserved, first and last sequence, count) is not exported.
        let commit = Self.frame([3, 0] + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 0, 0, 0, 0, 1] + [0, 0, 0, 1])
        #expect(error(commit)?.detail.contains("kind 3") == true, "\(String(describing: error(commit)))")
        // A declared body over 65 MiB is refused from the header, before anything is gathered.
        var huge = Array("AXR1".utf8) + [0x04, 0x20, 0x00, 0x00] + [0, 0, 0, 0]
        #expect(error(huge)?.code == .corruptStoredRecord)
        huge[0] = UInt8(ascii: "B")
        #expect(error(huge)?.detail.contains("AXR1") == true)
        // Text that is UTF-8 but not ASCII is read; text that is not UTF-8 is refused.
        #expect(error(Self.record(sequence: 1, key: "k", title: "Σ — \u{FFFD}")) == nil)
        var body = Array(Self.record(sequence: 1, key: "ab")[12...])
        body[24] = 0xFF  // the key's first byte: kind, reserved, sequence, version, ingest time, length
        #expect(error(Self.frame(body))?.code == .invalidUTF8)
        // Bytes after the zlib body.
        #expect(error(Self.frame(Array(Self.record(sequence: 1, key: "k", body: [9])[12...]) + [0]))?.code == .trailingBytes)
        #expect(error(Self.record(sequence: 1, key: "k", published: "2026-3-1"))?.detail.contains("YYYY-MM-DD") == true)
        #expect(error(Self.record(sequence: 1, key: "k", tags: [String(repeating: "t", count: 129)]))?.code == .stringTooLong)
        #expect(error(Self.record(sequence: 0, key: "k"))?.detail.contains("sequence 0") == true)
    }
}
