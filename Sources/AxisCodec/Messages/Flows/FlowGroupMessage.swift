public import NIOCore

/// Every stated flow of one supplier → recipient : item (roll-ups), summed (§12.5).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | supplier | string ≤ 256 | required |
/// | 2 | recipient | string ≤ 256 | required |
/// | 3 | item | string ≤ 256 | required |
/// | 4 | names | repeated string ≤ 4096 | display names of supplier, recipient, item |
/// | 5 | documents | uint | documents stating it |
/// | 6 | sources | uint | distinct sources among them (documents without a source count as one) |
/// | 7 | asserted | uint | statements by modality |
/// | 8 | reported | uint | |
/// | 9 | possible | uint | |
/// | 10 | denied | uint | |
/// | 11 | first_day | string ≤ 16 | `YYYY-MM-DD` of the oldest statement (published, else stored) |
/// | 12 | last_day | string ≤ 16 | the newest |
/// | 13 | quantity_min | string ≤ 64 | decimal, when some statement gives a quantity |
/// | 14 | quantity_max | string ≤ 64 | |
/// | 15 | latest_quantity | Quantity | the newest statement's quantity |
/// | 16 | best | Flow | the statement that shows it best (with a quantity, asserted first, newest), with its evidence |
public struct FlowGroupMessage: WireMessage, Hashable {
    public var supplier: String
    public var recipient: String
    public var item: String
    public var names: [String] = []
    public var documents: UInt64 = 0
    public var sources: UInt64 = 0
    public var asserted: UInt64 = 0
    public var reported: UInt64 = 0
    public var possible: UInt64 = 0
    public var denied: UInt64 = 0
    public var firstDay: String = ""
    public var lastDay: String = ""
    public var quantityMin: String?
    public var quantityMax: String?
    public var latestQuantity: QuantityMessage?
    public var best: FlowMessage?

    public init(supplier: String, recipient: String, item: String) {
        self.supplier = supplier
        self.recipient = recipient
        self.item = item
    }

    /// The display name of `names[index]`, else the id.
    public func name(_ index: Int, or id: String) -> String {
        index < self.names.count && !self.names[index].isEmpty ? self.names[index] : id
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var supplier: String?
        var recipient: String?
        var item: String?
        var message = FlowGroupMessage(supplier: "", recipient: "", item: "")
        while let field = try reader.next() {
            switch field.number {
            case 1: supplier = try field.string(maxBytes: IndexLimits.idBytes)
            case 2: recipient = try field.string(maxBytes: IndexLimits.idBytes)
            case 3: item = try field.string(maxBytes: IndexLimits.idBytes)
            case 4:
                guard message.names.count < 3 else { throw CodecError(.countTooLarge, "more than 3 names", field: 4) }
                message.names.append(try field.string(maxBytes: IndexLimits.nameBytes))
            case 5: message.documents = try field.uint64()
            case 6: message.sources = try field.uint64()
            case 7: message.asserted = try field.uint64()
            case 8: message.reported = try field.uint64()
            case 9: message.possible = try field.uint64()
            case 10: message.denied = try field.uint64()
            case 11: message.firstDay = try field.string(maxBytes: 16)
            case 12: message.lastDay = try field.string(maxBytes: 16)
            case 13: message.quantityMin = try field.string(maxBytes: 64)
            case 14: message.quantityMax = try field.string(maxBytes: 64)
            case 15: message.latestQuantity = try field.message(QuantityMessage.self)
            case 16: message.best = try field.message(FlowMessage.self)
            default: break
            }
        }
        message.supplier = try required(supplier, "supplier", field: 1)
        message.recipient = try required(recipient, "recipient", field: 2)
        message.item = try required(item, "item", field: 3)
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.supplier)
        buffer.writeField(2, self.recipient)
        buffer.writeField(3, self.item)
        for name in self.names { buffer.writeField(4, name) }
        if self.documents != 0 { buffer.writeField(5, self.documents) }
        if self.sources != 0 { buffer.writeField(6, self.sources) }
        if self.asserted != 0 { buffer.writeField(7, self.asserted) }
        if self.reported != 0 { buffer.writeField(8, self.reported) }
        if self.possible != 0 { buffer.writeField(9, self.possible) }
        if self.denied != 0 { buffer.writeField(10, self.denied) }
        if !self.firstDay.isEmpty { buffer.writeField(11, self.firstDay) }
        if !self.lastDay.isEmpty { buffer.writeField(12, self.lastDay) }
        if let quantityMin { buffer.writeField(13, quantityMin) }
        if let quantityMax { buffer.writeField(14, quantityMax) }
        if let latestQuantity { buffer.writeField(15, message: latestQuantity) }
        if let best { buffer.writeField(16, message: best) }
    }
}
