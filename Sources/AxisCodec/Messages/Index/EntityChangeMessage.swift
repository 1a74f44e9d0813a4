public import NIOCore

/// How an entity's mentions changed between two versions (DOC_DIFF, §10.5).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | entity | EntitySummary | id, type and name (counts 0) |
/// | 2 | from_count | uint | mentions in the older version; 0: added |
/// | 3 | to_count | uint | mentions in the newer version; 0: removed |
public struct EntityChangeMessage: WireMessage, Hashable {
    public var entity: EntitySummaryMessage
    public var fromCount: UInt64
    public var toCount: UInt64

    public init(entity: EntitySummaryMessage, fromCount: UInt64, toCount: UInt64) {
        self.entity = entity
        self.fromCount = fromCount
        self.toCount = toCount
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var entity: EntitySummaryMessage?
        var from: UInt64 = 0
        var to: UInt64 = 0
        while let field = try reader.next() {
            switch field.number {
            case 1: entity = try field.message(EntitySummaryMessage.self)
            case 2: from = try field.uint64()
            case 3: to = try field.uint64()
            default: break
            }
        }
        self.entity = try required(entity, "entity", field: 1)
        self.fromCount = from
        self.toCount = to
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, message: self.entity)
        buffer.writeField(2, self.fromCount)
        buffer.writeField(3, self.toCount)
    }
}
