import Synchronization

/// What the index gained since a `CheckpointMark`, as the payload of one journal record
/// (`IndexCheckpointJournal`): a checkpoint that costs what changed, not the whole index.
///
/// Every column of the index only grows: rows, their per-snapshot lists, the name tables, and
/// each term's postings (whose encoding continues from where it stood, so the new bytes are
/// appended as they are). The one thing that changes in older rows, when a version stopped
/// being current, follows from the rows after it and is recomputed on restore.
///
/// Payload (little-endian): from sequence (u64, the mark's), to sequence (u64), the new
/// discovered entities (count, then id, type, name), the new documents, sources, tags and
/// units (string lists), the new rows, each row's entities, quantities, flows and tags (count,
/// then elements), each row's length in words, the new terms, then the postings that grew:
/// count, then ordinal (u32), new count (u32), new last (u32), stores positions (u8), and the
/// appended document and position bytes.
public enum IndexCheckpointDelta {
    /// The changes since `mark`, or nil when there are none.
    public static func encode(_ index: EntityIndex, since mark: CheckpointMark) -> (payload: [UInt8], mark: CheckpointMark)? {
        let state = index.state.withReadLock { $0 }
        let rows = state.rows.count
        guard UInt64(rows) > mark.sequence else { return nil }
        let from = Int(mark.sequence)
        var writer = BinaryWriter(capacity: 256 + (rows - from) * 256)
        writer.u64(mark.sequence)
        writer.u64(UInt64(rows))
        let discovered = state.entities.entries.dropFirst(mark.entities)
        writer.u32(UInt32(discovered.count))
        for entry in discovered {
            writer.string(entry.id)
            writer.string(entry.type.rawValue)
            writer.string(entry.name)
        }
        writer.strings(Array(state.documents.strings.dropFirst(mark.documents)))
        writer.strings(Array(state.sources.strings.dropFirst(mark.sources)))
        writer.strings(Array(state.tags.strings.dropFirst(mark.tags)))
        writer.strings(Array(state.units.strings.dropFirst(mark.units)))
        for row in state.rows[from...] { IndexCheckpoint.writeRow(&writer, row) }
        Self.writeRows(state.snapshotEntities, from: from, to: rows, into: &writer, IndexCheckpoint.writeEntity)
        Self.writeRows(state.snapshotQuantities, from: from, to: rows, into: &writer, IndexCheckpoint.writeQuantity)
        Self.writeRows(state.snapshotFlows, from: from, to: rows, into: &writer, IndexCheckpoint.writeFlow)
        Self.writeRows(state.snapshotTags, from: from, to: rows, into: &writer) { writer, tag in writer.u32(tag) }
        for length in state.lengths[from...] { writer.u32(length) }
        writer.strings(Array(state.terms.strings.dropFirst(mark.terms)))
        var grown: [Int] = []
        for (ordinal, postings) in state.termPostings.enumerated() {
            if ordinal >= mark.terms || postings.documents.count != Int(mark.termDocumentBytes[ordinal]) { grown.append(ordinal) }
        }
        writer.u32(UInt32(grown.count))
        for ordinal in grown {
            let postings = state.termPostings[ordinal]
            let old = ordinal < mark.terms ? (Int(mark.termDocumentBytes[ordinal]), Int(mark.termPositionBytes[ordinal])) : (0, 0)
            writer.u32(UInt32(ordinal))
            writer.u32(UInt32(truncatingIfNeeded: postings.count))
            writer.u32(postings.last)
            writer.u8(postings.storesPositions ? 1 : 0)
            writer.byteArray(Array(postings.documents[old.0...]))
            writer.byteArray(Array(postings.positions[old.1...]))
        }
        return (writer.bytes, CheckpointMark(state))
    }

    private static func writeRows(
        _ flows: FlowTable, from: Int, to end: Int, into writer: inout BinaryWriter, _ element: (inout BinaryWriter, IndexedFlow) -> Void
    ) {
        for row in from..<end {
            let values = flows[row]
            writer.u32(UInt32(values.count))
            for value in values { element(&writer, value) }
        }
    }

    private static func writeRows<Element>(
        _ rows: RaggedRows<Element>, from: Int, to end: Int, into writer: inout BinaryWriter, _ element: (inout BinaryWriter, Element) -> Void
    ) {
        for row in from..<end {
            let values = rows[row]
            writer.u32(UInt32(values.count))
            for value in values { element(&writer, value) }
        }
    }

    /// A record decoded and checked against the columns it extends, ready to append.
    struct Decoded {
        var discovered: [EntityDictionary.Entry]
        var documents: [String]
        var sources: [String]
        var tags: [String]
        var units: [String]
        var rows: [SnapshotRow]
        var entities: [[EntityCount]]
        var quantities: [[IndexedQuantity]]
        var flows: [[IndexedFlow]]
        var rowTags: [[UInt32]]
        var lengths: [UInt32]
        var terms: [String]
        var postings: [(ordinal: Int, count: Int, last: UInt32, storesPositions: Bool, documents: [UInt8], positions: [UInt8])]

        /// Bytes to append to terms' postings, gathered over all the records of a restore and
        /// appended once per term (appending record by record to postings that a checkpoint
        /// sized exactly would copy each of them once per record).
        typealias PendingPostings = [Int: (documents: [UInt8], positions: [UInt8], count: Int, last: UInt32)]

        /// Appends to `columns` (every check was made when decoding); postings go to `pending`.
        func apply(to columns: inout CheckpointColumns, pending: inout PendingPostings) {
            for entry in self.discovered { _ = columns.state.entities.add(entry) }
            for string in self.documents { _ = columns.state.documents.intern(string) }
            for string in self.sources { _ = columns.state.sources.intern(string) }
            for string in self.tags { _ = columns.state.tags.intern(string) }
            for string in self.units { _ = columns.state.units.intern(string) }
            columns.rows += self.rows
            for list in self.entities { columns.state.snapshotEntities.appendRow(list) }
            for list in self.quantities { columns.state.snapshotQuantities.appendRow(list) }
            for list in self.flows { columns.state.snapshotFlows.appendRow(list) }
            for list in self.rowTags { columns.state.snapshotTags.appendRow(list) }
            columns.state.lengths += self.lengths
            for term in self.terms {
                _ = columns.state.terms.intern(term)
                columns.state.termPostings.append(TermPostings(storesPositions: !StopWords.words.contains(term)))
            }
            for grown in self.postings {
                var entry = pending[grown.ordinal] ?? ([], [], 0, 0)
                entry.documents += grown.documents
                entry.positions += grown.positions
                entry.count = grown.count
                entry.last = grown.last
                pending[grown.ordinal] = entry
            }
        }

        /// Appends what `apply` gathered.
        static func flush(_ pending: PendingPostings, to columns: inout CheckpointColumns) {
            for (ordinal, grown) in pending {
                columns.state.termPostings[ordinal].appendEncoded(
                    documents: grown.documents, positions: grown.positions, count: grown.count, last: grown.last)
            }
        }
    }

    /// Decodes a record that must start where `columns` stand.
    /// - Throws: when it starts elsewhere, does not decode whole, or names what does not exist.
    static func decode(_ payload: [UInt8], after columns: CheckpointColumns) throws(BinaryReader.Failure) -> Decoded {
        var reader = BinaryReader(payload)
        let from = try reader.u64()
        let to = try reader.u64()
        guard from == columns.sequence, to > from, to - from <= UInt64(reader.remaining / 37) else {
            throw .init(description: "the record covers \(from)...\(to), the index stands at \(columns.sequence)")
        }
        let rowCount = Int(to - from)
        var discovered: [EntityDictionary.Entry] = []
        for _ in 0..<(try reader.count(minimumBytes: 12)) {
            let id = try reader.string()
            guard let type = EntityType(rawValue: try reader.string()) else { throw .init(description: "unknown entity type") }
            discovered.append(EntityDictionary.Entry(id: id, type: type, name: try reader.string(), discovered: true))
        }
        let state = columns.state
        let documents = try Self.newStrings(&reader, after: state.documents)
        let sources = try Self.newStrings(&reader, after: state.sources)
        let tags = try Self.newStrings(&reader, after: state.tags)
        let units = try Self.newStrings(&reader, after: state.units)
        var rows: [SnapshotRow] = []
        rows.reserveCapacity(rowCount)
        for _ in 0..<rowCount { rows.append(try IndexCheckpoint.readRow(&reader)) }
        let entityLimit = UInt32(state.entities.count + discovered.count)
        let entities = try Self.readRows(&reader, rowCount, minimumBytes: 8) { reader throws(BinaryReader.Failure) in
            try IndexCheckpoint.readEntity(&reader, entityLimit: entityLimit)
        }
        let quantities = try Self.readRows(&reader, rowCount, minimumBytes: 29) { reader throws(BinaryReader.Failure) in
            try IndexCheckpoint.readQuantity(&reader)
        }
        let flows = try Self.readRows(&reader, rowCount, minimumBytes: 38) { reader throws(BinaryReader.Failure) in
            try IndexCheckpoint.readFlow(&reader, entityLimit: entityLimit)
        }
        let rowTags = try Self.readRows(&reader, rowCount, minimumBytes: 4) { reader throws(BinaryReader.Failure) in try reader.u32() }
        guard rowCount <= reader.remaining / 4 else { throw .init(description: "lengths missing") }
        var lengths: [UInt32] = []
        for _ in 0..<rowCount { lengths.append(try reader.u32()) }
        let terms = try Self.newStrings(&reader, after: state.terms)
        let termCount = state.terms.strings.count + terms.count
        var postings: [(ordinal: Int, count: Int, last: UInt32, storesPositions: Bool, documents: [UInt8], positions: [UInt8])] = []
        var previousOrdinal = -1
        for _ in 0..<(try reader.count(minimumBytes: 21)) {
            let ordinal = Int(try reader.u32())
            guard ordinal > previousOrdinal, ordinal < termCount else { throw .init(description: "a term's postings out of order or range") }
            previousOrdinal = ordinal
            let count = Int(try reader.u32())
            let last = try reader.u32()
            guard UInt64(last) <= to else { throw .init(description: "a term posting past the last row") }
            postings.append((ordinal, count, last, try reader.u8() != 0, try reader.byteArray(), try reader.byteArray()))
        }
        guard reader.remaining == 0 else { throw .init(description: "\(reader.remaining) bytes after the end") }
        return Decoded(
            discovered: discovered, documents: documents, sources: sources, tags: tags, units: units, rows: rows, entities: entities,
            quantities: quantities, flows: flows, rowTags: rowTags, lengths: lengths, terms: terms, postings: postings)
    }

    /// Strings that must all be new to `table` (and to each other): they take the next ordinals.
    private static func newStrings(_ reader: inout BinaryReader, after table: StringInterner) throws(BinaryReader.Failure) -> [String] {
        let strings = try reader.strings()
        guard Set(strings).count == strings.count, strings.allSatisfy({ table.ordinal(of: $0) == nil }) else {
            throw .init(description: "a name the table already has")
        }
        return strings
    }

    private static func readRows<Element>(
        _ reader: inout BinaryReader, _ rows: Int, minimumBytes: Int,
        _ element: (inout BinaryReader) throws(BinaryReader.Failure) -> Element
    ) throws(BinaryReader.Failure) -> [[Element]] {
        var result: [[Element]] = []
        result.reserveCapacity(rows)
        for _ in 0..<rows {
            let count = try reader.count(minimumBytes: minimumBytes)
            var values: [Element] = []
            values.reserveCapacity(count)
            for _ in 0..<count { values.append(try element(&reader)) }
            result.append(values)
        }
        return result
    }
}
