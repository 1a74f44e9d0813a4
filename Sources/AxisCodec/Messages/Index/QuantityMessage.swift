public import NIOCore

/// A quantity: a number with its unit ("over 10,000 troops").
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | value | string ≤ 64 | the number in decimal ("10000", "2500000", "0.5"); vague amounts ("hundreds of") give 100, 1000, … |
/// | 2 | value_max | string ≤ 64 | the upper bound of a range ("5,000 to 7,000") |
/// | 3 | qualifier | string ≤ 64 | exact, over, about, up-to, nearly, at-least, vague, range |
/// | 4 | unit_entity_id | string ≤ 256 | the entity the unit is (`weapon:military-personnel` for troops) |
/// | 5 | unit_text | string ≤ 4096 | the unit as written |
/// | 6 | sentence | uint | the sentence's index |
/// | 7 | start | uint | UTF-8 byte offset of the whole span, qualifier to unit (MENTIONS only) |
/// | 8 | end | uint | exclusive |
///
/// Numbers travel as decimal text because the protocol has no floating-point wire type; a
/// reader parses them as a double.
public struct QuantityMessage: WireMessage, Hashable {
    public var value: String
    public var valueMax: String?
    public var qualifier: String
    public var unitEntityID: String?
    public var unitText: String
    public var sentence: UInt64
    public var start: UInt64?
    public var end: UInt64?

    public init(
        value: String, valueMax: String? = nil, qualifier: String, unitEntityID: String? = nil, unitText: String, sentence: UInt64,
        start: UInt64? = nil, end: UInt64? = nil
    ) {
        self.value = value
        self.valueMax = valueMax
        self.qualifier = qualifier
        self.unitEntityID = unitEntityID
        self.unitText = unitText
        self.sentence = sentence
        self.start = start
        self.end = end
    }

    /// The decimal form of a number: integral values without a fraction, others as Swift prints them.
    public static func decimal(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var message = QuantityMessage(value: "", qualifier: "", unitText: "", sentence: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: message.value = try field.string(maxBytes: 64)
            case 2: message.valueMax = try field.string(maxBytes: 64)
            case 3: message.qualifier = try field.string(maxBytes: 64)
            case 4: message.unitEntityID = try field.string(maxBytes: IndexLimits.idBytes)
            case 5: message.unitText = try field.string(maxBytes: IndexLimits.nameBytes)
            case 6: message.sentence = try field.uint64()
            case 7: message.start = try field.uint64()
            case 8: message.end = try field.uint64()
            default: break
            }
        }
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.value)
        if let valueMax { buffer.writeField(2, valueMax) }
        buffer.writeField(3, self.qualifier)
        if let unitEntityID { buffer.writeField(4, unitEntityID) }
        buffer.writeField(5, self.unitText)
        buffer.writeField(6, self.sentence)
        if let start { buffer.writeField(7, start) }
        if let end { buffer.writeField(8, end) }
    }
}
