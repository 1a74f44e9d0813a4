public import NIOCore

/// DOC_DIFF, opcode 0x0104: what changed between two versions of a document (§10.5).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | key | string ≤ 1024 | required |
/// | 2 | from_version | uint (u32) | required |
/// | 3 | to_version | uint (u32) | required |
/// | 4 | context_lines | uint | unchanged lines around each change; default 3, at most 1000 |
///
/// The reply is a stream of DiffPart frames. The first carries `from` and `to`; hunks follow
/// in order across frames; the final frame carries the counts.
public struct DocDiff: RequestMessage, Hashable {
    public typealias Reply = DiffPart
    public static let opcode = Opcode.docDiff

    public var key: String
    public var fromVersion: UInt32
    public var toVersion: UInt32
    public var contextLines: UInt32

    public init(key: String, fromVersion: UInt32, toVersion: UInt32, contextLines: UInt32 = 3) {
        self.key = key
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.contextLines = contextLines
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var key: String?
        var from: UInt32?
        var to: UInt32?
        var context: UInt32 = 3
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 2: from = try field.unsigned()
            case 3: to = try field.unsigned()
            case 4: context = min(try field.unsigned(), 1000)
            default: break
            }
        }
        self.key = try required(key, "key", field: 1)
        self.fromVersion = try required(from, "from_version", field: 2)
        self.toVersion = try required(to, "to_version", field: 3)
        self.contextLines = context
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.key)
        buffer.writeField(2, self.fromVersion)
        buffer.writeField(3, self.toVersion)
        buffer.writeField(4, self.contextLines)
    }
}

/// One frame of a DOC_DIFF reply.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | from | SnapshotInfo | first frame |
/// | 2 | to | SnapshotInfo | first frame |
/// | 3 | hunks | repeated DiffHunk | in order |
/// | 4 | lines_added | uint | final frame |
/// | 5 | lines_removed | uint | final frame |
/// | 6 | entity_changes | repeated EntityChange | final frame: entities whose mention count differs |
/// | 7 | quantities_added | repeated Quantity | final frame: in the newer version only |
/// | 8 | quantities_removed | repeated Quantity | final frame: in the older version only |
/// | 9 | flows_added | repeated Flow | final frame |
/// | 10 | flows_removed | repeated Flow | final frame |
public struct DiffPart: WireMessage, Hashable {
    public static let maxHunks = 100_000

    public var from: SnapshotInfoMessage?
    public var to: SnapshotInfoMessage?
    public var hunks: [DiffHunk]
    public var linesAdded: UInt64?
    public var linesRemoved: UInt64?
    public var entityChanges: [EntityChangeMessage] = []
    public var quantitiesAdded: [QuantityMessage] = []
    public var quantitiesRemoved: [QuantityMessage] = []
    public var flowsAdded: [FlowMessage] = []
    public var flowsRemoved: [FlowMessage] = []
    /// v1.1: flows in both versions whose quantity changed.
    public var flowsChanged: [FlowChangeMessage] = []

    public init(
        from: SnapshotInfoMessage? = nil, to: SnapshotInfoMessage? = nil, hunks: [DiffHunk] = [],
        linesAdded: UInt64? = nil, linesRemoved: UInt64? = nil
    ) {
        self.from = from
        self.to = to
        self.hunks = hunks
        self.linesAdded = linesAdded
        self.linesRemoved = linesRemoved
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var part = DiffPart()
        while let field = try reader.next() {
            switch field.number {
            case 1: part.from = try field.message(SnapshotInfoMessage.self)
            case 2: part.to = try field.message(SnapshotInfoMessage.self)
            case 3:
                guard part.hunks.count < Self.maxHunks else { throw CodecError(.countTooLarge, "too many hunks", field: 3) }
                part.hunks.append(try field.message(DiffHunk.self))
            case 4: part.linesAdded = try field.uint64()
            case 5: part.linesRemoved = try field.uint64()
            case 6...11:
                let items = part.entityChanges.count + part.quantitiesAdded.count + part.quantitiesRemoved.count + part.flowsAdded.count
                    + part.flowsRemoved.count + part.flowsChanged.count
                guard items < IndexLimits.maxItems else { throw CodecError(.countTooLarge, "too many changes", field: field.number) }
                switch field.number {
                case 6: part.entityChanges.append(try field.message(EntityChangeMessage.self))
                case 7: part.quantitiesAdded.append(try field.message(QuantityMessage.self))
                case 8: part.quantitiesRemoved.append(try field.message(QuantityMessage.self))
                case 9: part.flowsAdded.append(try field.message(FlowMessage.self))
                case 10: part.flowsRemoved.append(try field.message(FlowMessage.self))
                default: part.flowsChanged.append(try field.message(FlowChangeMessage.self))
                }
            default: break
            }
        }
        self = part
    }

    public func encode(into buffer: inout ByteBuffer) {
        if let from { buffer.writeField(1, message: from) }
        if let to { buffer.writeField(2, message: to) }
        for hunk in self.hunks { buffer.writeField(3, message: hunk) }
        if let linesAdded { buffer.writeField(4, linesAdded) }
        if let linesRemoved { buffer.writeField(5, linesRemoved) }
        for change in self.entityChanges { buffer.writeField(6, message: change) }
        for quantity in self.quantitiesAdded { buffer.writeField(7, message: quantity) }
        for quantity in self.quantitiesRemoved { buffer.writeField(8, message: quantity) }
        for flow in self.flowsAdded { buffer.writeField(9, message: flow) }
        for flow in self.flowsRemoved { buffer.writeField(10, message: flow) }
        for change in self.flowsChanged { buffer.writeField(11, message: change) }
    }
}

/// A run of changed lines with context, as in a unified diff.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | from_start | uint | first line in the old version (1-based; 0 when from_count is 0) |
/// | 2 | from_count | uint | |
/// | 3 | to_start | uint | first line in the new version |
/// | 4 | to_count | uint | |
/// | 5 | lines | repeated DiffLine | |
public struct DiffHunk: WireMessage, Hashable {
    public static let maxLines = 1_000_000

    public var fromStart: UInt32
    public var fromCount: UInt32
    public var toStart: UInt32
    public var toCount: UInt32
    public var lines: [DiffLine]

    public init(fromStart: UInt32, fromCount: UInt32, toStart: UInt32, toCount: UInt32, lines: [DiffLine]) {
        self.fromStart = fromStart
        self.fromCount = fromCount
        self.toStart = toStart
        self.toCount = toCount
        self.lines = lines
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var hunk = DiffHunk(fromStart: 0, fromCount: 0, toStart: 0, toCount: 0, lines: [])
        while let field = try reader.next() {
            switch field.number {
            case 1: hunk.fromStart = try field.unsigned()
            case 2: hunk.fromCount = try field.unsigned()
            case 3: hunk.toStart = try field.unsigned()
            case 4: hunk.toCount = try field.unsigned()
            case 5:
                guard hunk.lines.count < Self.maxLines else { throw CodecError(.countTooLarge, "too many lines", field: 5) }
                hunk.lines.append(try field.message(DiffLine.self))
            default: break
            }
        }
        self = hunk
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.fromStart)
        buffer.writeField(2, self.fromCount)
        buffer.writeField(3, self.toStart)
        buffer.writeField(4, self.toCount)
        for line in self.lines { buffer.writeField(5, message: line) }
    }
}

/// One line of a hunk.
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | kind | uint | 0 unchanged (context), 1 added, 2 removed |
/// | 2 | text | string ≤ 1 MiB | the line, without its newline |
public struct DiffLine: WireMessage, Hashable {
    public enum Kind: UInt8, Hashable, Sendable {
        case context = 0
        case added = 1
        case removed = 2
    }

    public static let maxTextBytes = 1024 * 1024

    public var kind: Kind
    public var text: String

    public init(kind: Kind, text: String) {
        self.kind = kind
        self.text = text
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var kind = Kind.context
        var text = ""
        while let field = try reader.next() {
            switch field.number {
            case 1:
                let raw: UInt8 = try field.unsigned()
                guard let value = Kind(rawValue: raw) else { throw CodecError(.fieldOutOfRange, "line kind \(raw)", field: 1) }
                kind = value
            case 2: text = try field.string(maxBytes: Self.maxTextBytes)
            default: break
            }
        }
        self.kind = kind
        self.text = text
    }

    public func encode(into buffer: inout ByteBuffer) {
        if self.kind != .context { buffer.writeField(1, self.kind.rawValue) }
        if !self.text.isEmpty { buffer.writeField(2, self.text) }
    }
}

extension DiffPart: StreamedReply {
    public init() { self.init(from: nil) }

    /// A hunk of the text diff, or one of the entity index's changes.
    public enum Item: Sendable, Hashable {
        case hunk(DiffHunk)
        case entityChange(EntityChangeMessage)
        case quantityAdded(QuantityMessage)
        case quantityRemoved(QuantityMessage)
        case flowAdded(FlowMessage)
        case flowRemoved(FlowMessage)
        case flowChanged(FlowChangeMessage)
    }

    public static func encode(_ item: Item, into buffer: inout ByteBuffer) {
        switch item {
        case .hunk(let hunk): buffer.writeField(3, message: hunk)
        case .entityChange(let change): buffer.writeField(6, message: change)
        case .quantityAdded(let quantity): buffer.writeField(7, message: quantity)
        case .quantityRemoved(let quantity): buffer.writeField(8, message: quantity)
        case .flowAdded(let flow): buffer.writeField(9, message: flow)
        case .flowRemoved(let flow): buffer.writeField(10, message: flow)
        case .flowChanged(let change): buffer.writeField(11, message: change)
        }
    }

    public mutating func merge(_ later: DiffPart) {
        self.from = self.from ?? later.from
        self.to = self.to ?? later.to
        self.hunks += later.hunks
        self.linesAdded = later.linesAdded ?? self.linesAdded
        self.linesRemoved = later.linesRemoved ?? self.linesRemoved
        self.entityChanges += later.entityChanges
        self.quantitiesAdded += later.quantitiesAdded
        self.quantitiesRemoved += later.quantitiesRemoved
        self.flowsAdded += later.flowsAdded
        self.flowsRemoved += later.flowsRemoved
        self.flowsChanged += later.flowsChanged
    }
}
