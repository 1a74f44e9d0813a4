import AxisZlib
import Synchronization

/// The entity index written to one file, so that a restart does not extract every body again.
///
/// Layout (little-endian): magic `AXICP\r\n\x1a` (8), format (u32), then a body, then the CRC-32
/// of everything before it (u32). The body starts with what decides whether the checkpoint
/// still applies (the gazetteer's fingerprint and the extractor's version: change either and
/// the index is rebuilt) and the sequence it covers. Then come the state's own columns, not
/// the posting lists and counts, which are rebuilt from the rows in one pass on load.
public enum IndexCheckpoint {
    static let magic: [UInt8] = [0x41, 0x58, 0x49, 0x43, 0x50, 0x0D, 0x0A, 0x1A]
    static let format: UInt32 = 4

    /// Raised when a checkpoint cannot be used; the caller rebuilds the index instead.
    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    /// The whole index as bytes.
    public static func encode(_ index: EntityIndex) -> [UInt8] {
        self.encodeMarked(index).bytes
    }

    /// The whole index as bytes, and the mark a journal record after it starts from
    /// (`IndexCheckpointDelta`).
    public static func encodeMarked(_ index: EntityIndex) -> (bytes: [UInt8], mark: CheckpointMark) {
        let (state, fingerprint) = index.state.withReadLock { ($0, index.gazetteer.fingerprint) }
        var writer = BinaryWriter(capacity: 64 + state.rows.count * 64)
        for byte in Self.magic { writer.u8(byte) }
        writer.u32(Self.format)
        writer.string(fingerprint)
        writer.string(Extractor.version)
        writer.u64(state.indexedSequence)

        let gazetteerCount = index.gazetteer.entities.count
        let discovered = state.entities.entries.dropFirst(gazetteerCount)
        writer.u32(UInt32(gazetteerCount))
        writer.u32(UInt32(discovered.count))
        for entry in discovered {
            writer.string(entry.id)
            writer.string(entry.type.rawValue)
            writer.string(entry.name)
        }
        writer.strings(state.documents.strings)
        writer.strings(state.sources.strings)
        writer.strings(state.tags.strings)
        writer.strings(state.units.strings)
        for row in state.rows { Self.writeRow(&writer, row) }
        Self.write(state.snapshotEntities, into: &writer, Self.writeEntity)
        Self.write(state.snapshotQuantities, into: &writer, Self.writeQuantity)
        Self.write(state.snapshotFlows, into: &writer, Self.writeFlow)
        Self.write(state.snapshotTags, into: &writer) { writer, tag in writer.u32(tag) }
        for length in state.lengths { writer.u32(length) }
        writer.strings(state.terms.strings)
        for postings in state.termPostings {
            writer.u32(UInt32(postings.count))
            writer.u32(postings.last)
            writer.u8(postings.storesPositions ? 1 : 0)
            writer.byteArray(postings.documents)
            writer.byteArray(postings.positions)
        }
        var bytes = writer.bytes
        let crc = CRC32.checksum(bytes)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }
        return (bytes, CheckpointMark(state))
    }

    /// Where `index` stands now, for the next journal record (after a restore).
    public static func mark(of index: EntityIndex) -> CheckpointMark {
        index.state.withReadLock { CheckpointMark($0) }
    }

    static func writeEntity(_ writer: inout BinaryWriter, _ entry: EntityCount) {
        writer.u32(entry.entity)
        writer.u32(entry.count)
    }

    static func writeQuantity(_ writer: inout BinaryWriter, _ quantity: IndexedQuantity) {
        writer.f64(quantity.value)
        writer.f64(quantity.valueMax)
        writer.u8(Self.qualifiers.firstIndex(of: quantity.qualifier).map(UInt8.init) ?? 0)
        writer.u32(quantity.unitEntity)
        writer.u32(quantity.unitText)
        writer.u32(quantity.sentence)
    }

    static func writeFlow(_ writer: inout BinaryWriter, _ flow: IndexedFlow) {
        writer.u32(flow.supplier)
        writer.u32(flow.recipient)
        writer.u32(flow.supplierEntity)
        writer.u32(flow.recipientEntity)
        writer.u32(flow.item)
        writer.u8(Self.modalities.firstIndex(of: flow.modality).map(UInt8.init) ?? 0)
        writer.u32(flow.sentence)
        writer.u32(UInt32(flow.quantity))
        writer.u8(flow.quantityRole.flatMap { Self.roles.firstIndex(of: $0) }.map { UInt8($0 + 1) } ?? 0)
        writer.u32(flow.attribution)
        writer.u32(flow.via)
    }

    static func readEntity(_ reader: inout BinaryReader, entityLimit: UInt32) throws(BinaryReader.Failure) -> EntityCount {
        let entry = EntityCount(entity: try reader.u32(), count: try reader.u32())
        guard entry.entity < entityLimit else { throw .init(description: "an entity ordinal out of range") }
        return entry
    }

    static func readQuantity(_ reader: inout BinaryReader) throws(BinaryReader.Failure) -> IndexedQuantity {
        IndexedQuantity(
            value: try reader.f64(), valueMax: try reader.f64(), qualifier: Self.qualifiers[Int(try reader.u8()) % Self.qualifiers.count],
            unitEntity: try reader.u32(), unitText: try reader.u32(), sentence: try reader.u32())
    }

    /// A flow (its snapshot is the row it is in).
    static func readFlow(_ reader: inout BinaryReader, entityLimit: UInt32) throws(BinaryReader.Failure) -> IndexedFlow {
        let supplier = try reader.u32()
        let recipient = try reader.u32()
        let supplierEntity = try reader.u32()
        let recipientEntity = try reader.u32()
        let item = try reader.u32()
        let modality = Self.modalities[Int(try reader.u8()) % Self.modalities.count]
        let sentence = try reader.u32()
        let quantity = UInt16(truncatingIfNeeded: try reader.u32())
        let role = Int(try reader.u8())
        let flow = IndexedFlow(
            supplier: supplier, recipient: recipient, supplierEntity: supplierEntity, recipientEntity: recipientEntity, item: item,
            modality: modality, sentence: sentence, quantity: quantity,
            quantityRole: role > 0 && role <= Self.roles.count ? Self.roles[role - 1] : nil, attribution: try reader.u32(),
            via: try reader.u32())
        let named = [flow.supplier, flow.recipient, flow.supplierEntity, flow.recipientEntity, flow.item]
        let optional = [flow.attribution, flow.via]
        guard named.allSatisfy({ $0 < entityLimit }), optional.allSatisfy({ $0 < entityLimit || $0 == IndexedFlow.none }) else {
            throw .init(description: "a flow's entity out of range")
        }
        return flow
    }

    static func readRow(_ reader: inout BinaryReader) throws(BinaryReader.Failure) -> SnapshotRow {
        SnapshotRow(
            document: try reader.u32(), version: try reader.u32(), ingestTime: try reader.i64(), supersededAt: try reader.i64(),
            publishedDay: try reader.i32(), source: try reader.u32(), isTombstone: try reader.u8() != 0)
    }

    static func writeRow(_ writer: inout BinaryWriter, _ row: SnapshotRow) {
        writer.u32(row.document)
        writer.u32(row.version)
        writer.i64(row.ingestTime)
        writer.i64(row.supersededAt)
        writer.i32(row.publishedDay)
        writer.u32(row.source)
        writer.u8(row.isTombstone ? 1 : 0)
    }

    /// The sequence a checkpoint covers, and whether it was made with this gazetteer and this
    /// extractor, without decoding the rest.
    public static func header(_ bytes: [UInt8]) -> (fingerprint: String, extractor: String, sequence: UInt64)? {
        var reader = BinaryReader(bytes, offset: Self.magic.count)
        guard bytes.starts(with: Self.magic), (try? reader.u32()) == Self.format,
            let fingerprint = try? reader.string(), let extractor = try? reader.string(), let sequence = try? reader.u64()
        else { return nil }
        return (fingerprint, extractor, sequence)
    }

    /// An index from checkpoint bytes, for `gazetteer`.
    /// - Throws: `Unusable` if the bytes are damaged, or were made with another gazetteer
    ///   or extractor version.
    public static func decode(_ bytes: [UInt8], gazetteer: Gazetteer) throws(Unusable) -> EntityIndex {
        try self.decode(bytes, journal: [], gazetteer: gazetteer).index
    }

    /// An index from a checkpoint and the journal records after it (`IndexCheckpointJournal`):
    /// the records are applied in order while each starts where the index stands and decodes
    /// whole; the first that does not ends the restore (the log has the rest).
    /// - Returns: the index, and how many records were applied.
    /// - Throws: `Unusable` if the checkpoint itself cannot be used.
    public static func decode(_ bytes: [UInt8], journal: [[UInt8]], gazetteer: Gazetteer) throws(Unusable) -> (index: EntityIndex, applied: Int) {
        guard bytes.count >= Self.magic.count + 8, bytes.starts(with: Self.magic) else { throw Unusable(description: "not an index checkpoint") }
        let body = bytes.dropLast(4)
        var stored: UInt32 = 0
        for (index, byte) in bytes.suffix(4).enumerated() { stored |= UInt32(byte) << UInt32(8 * index) }
        guard CRC32.checksum(body) == stored else { throw Unusable(description: "the checkpoint fails its checksum") }
        do {
            var columns = try Self.decodeBody(Array(body), gazetteer: gazetteer)
            var applied = 0
            var pending = IndexCheckpointDelta.Decoded.PendingPostings()
            for record in journal {
                guard let delta = try? IndexCheckpointDelta.decode(record, after: columns) else { break }
                delta.apply(to: &columns, pending: &pending)
                applied += 1
            }
            IndexCheckpointDelta.Decoded.flush(pending, to: &columns)
            try columns.state.restore(rows: columns.rows)
            return (EntityIndex(gazetteer: gazetteer, state: columns.state), applied)
        } catch {
            throw Unusable(description: "the checkpoint does not decode: \(error.description)")
        }
    }

    private static func decodeBody(_ bytes: [UInt8], gazetteer: Gazetteer) throws(BinaryReader.Failure) -> CheckpointColumns {
        var reader = BinaryReader(bytes, offset: Self.magic.count)
        guard try reader.u32() == Self.format else { throw .init(description: "another checkpoint format") }
        guard try reader.string() == gazetteer.fingerprint else { throw .init(description: "made with another gazetteer") }
        guard try reader.string() == Extractor.version else { throw .init(description: "made by another extractor version") }
        let sequence = try reader.u64()
        var state = IndexState(gazetteer: gazetteer)
        guard Int(try reader.u32()) == gazetteer.entities.count else { throw .init(description: "entity count differs") }
        let discoveredCount = try reader.count(minimumBytes: 12)
        for _ in 0..<discoveredCount {
            let id = try reader.string()
            guard let type = EntityType(rawValue: try reader.string()) else { throw .init(description: "unknown entity type") }
            state.entities.add(EntityDictionary.Entry(id: id, type: type, name: try reader.string(), discovered: true))
        }
        state.documents = StringInterner(strings: try reader.strings())
        state.sources = StringInterner(strings: try reader.strings())
        state.tags = StringInterner(strings: try reader.strings())
        state.units = StringInterner(strings: try reader.strings())
        guard sequence <= UInt64(reader.remaining / 37) else { throw .init(description: "more rows than bytes") }
        var rows: [SnapshotRow] = []
        rows.reserveCapacity(Int(sequence))
        for _ in 0..<sequence { rows.append(try Self.readRow(&reader)) }
        let entityLimit = UInt32(state.entities.count)
        state.snapshotEntities = try Self.read(&reader, rows: rows.count, minimumBytes: 8) { reader throws(BinaryReader.Failure) in
            try Self.readEntity(&reader, entityLimit: entityLimit)
        }
        state.snapshotQuantities = try Self.read(&reader, rows: rows.count, minimumBytes: 29) { reader throws(BinaryReader.Failure) in
            try Self.readQuantity(&reader)
        }
        state.snapshotFlows = try Self.readFlows(&reader, rows: rows.count, entityLimit: entityLimit)
        state.snapshotTags = try Self.read(&reader, rows: rows.count, minimumBytes: 4) { reader throws(BinaryReader.Failure) in try reader.u32() }
        guard rows.count <= reader.remaining / 4 else { throw .init(description: "lengths missing") }
        state.lengths.reserveCapacity(rows.count)
        for _ in 0..<rows.count { state.lengths.append(try reader.u32()) }
        state.terms = StringInterner(strings: try reader.strings())
        guard state.terms.strings.count <= reader.remaining / 17 else { throw .init(description: "term postings missing") }
        state.termPostings.reserveCapacity(state.terms.strings.count)
        for _ in 0..<state.terms.strings.count {
            let count = Int(try reader.u32())
            let last = try reader.u32()
            let storesPositions = try reader.u8() != 0
            guard UInt64(last) <= sequence else { throw .init(description: "a term posting past the last row") }
            state.termPostings.append(
                TermPostings(documents: try reader.byteArray(), positions: try reader.byteArray(), count: count, last: last, storesPositions: storesPositions))
        }
        guard reader.remaining == 0 else { throw .init(description: "\(reader.remaining) bytes after the end") }
        return CheckpointColumns(state: state, rows: rows)
    }

    static let qualifiers: [Quantity.Qualifier] = [.exact, .over, .about, .upTo, .nearly, .atLeast, .vague, .range]
    static let modalities: [Flow.Modality] = [.asserted, .reported, .possible, .denied]
    static let roles: [QuantityRole] = [.delivered, .pledged, .deployed, .casualties, .value, .volume]

    private static func write<Element>(
        _ rows: RaggedRows<Element>, into writer: inout BinaryWriter, _ element: (inout BinaryWriter, Element) -> Void
    ) {
        writer.u32(UInt32(rows.starts.count))
        for start in rows.starts { writer.u32(start) }
        writer.u32(UInt32(rows.values.count))
        for value in rows.values { element(&writer, value) }
    }

    private static func write(_ flows: FlowTable, into writer: inout BinaryWriter, _ element: (inout BinaryWriter, IndexedFlow) -> Void) {
        writer.u32(UInt32(flows.starts.count))
        for start in flows.starts { writer.u32(start) }
        writer.u32(UInt32(flows.count))
        flows.withReader { reader in
            for position in 0..<reader.count { element(&writer, reader.flow(at: position) ?? .unknown) }
        }
    }

    /// The flow table, row by row (the same layout as `read`, without a second copy of it).
    private static func readFlows(_ reader: inout BinaryReader, rows: Int, entityLimit: UInt32) throws(BinaryReader.Failure) -> FlowTable {
        let starts = try Self.readStarts(&reader, rows: rows, minimumBytes: 38)
        var table = FlowTable()
        var row: [IndexedFlow] = []
        for (start, end) in zip(starts, starts.dropFirst()) {
            row.removeAll(keepingCapacity: true)
            for _ in start..<end { row.append(try Self.readFlow(&reader, entityLimit: entityLimit)) }
            table.appendRow(row)
        }
        return table
    }

    /// A ragged column's row offsets and value count: one offset per row and one more, in
    /// order, from 0 to the value count (checked before any value is read).
    private static func readStarts(_ reader: inout BinaryReader, rows: Int, minimumBytes: Int) throws(BinaryReader.Failure) -> [UInt32] {
        let startCount = try reader.count(minimumBytes: 4)
        guard startCount == rows + 1 else { throw .init(description: "row offsets do not match the rows") }
        var starts: [UInt32] = []
        starts.reserveCapacity(startCount)
        for _ in 0..<startCount { starts.append(try reader.u32()) }
        let valueCount = try reader.count(minimumBytes: minimumBytes)
        guard starts.first == 0, Int(starts.last ?? 1) == valueCount, zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw .init(description: "row offsets out of order")
        }
        return starts
    }

    private static func read<Element>(
        _ reader: inout BinaryReader, rows: Int, minimumBytes: Int,
        _ element: (inout BinaryReader) throws(BinaryReader.Failure) -> Element
    ) throws(BinaryReader.Failure) -> RaggedRows<Element> {
        let starts = try Self.readStarts(&reader, rows: rows, minimumBytes: minimumBytes)
        var values: [Element] = []
        values.reserveCapacity(Int(starts.last ?? 0))
        for _ in 0..<Int(starts.last ?? 0) { values.append(try element(&reader)) }
        guard let ragged = RaggedRows(values: values, starts: starts) else { throw .init(description: "row offsets out of order") }
        return ragged
    }
}
