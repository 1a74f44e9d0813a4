public import NIOCore

/// A flow: `supplier` gives `item` to `recipient`, as one sentence states it (§12.4).
///
/// | field | name | type | rule |
/// |---|---|---|---|
/// | 1 | supplier | string ≤ 256 | the roll-up: a country id (capitals, ministries, state companies, armed forces and leaders stand for their country), or the party's own id when it acts for no state |
/// | 2 | recipient | string ≤ 256 | the same |
/// | 3 | item | string ≤ 256 | a `weapon:` or `item:` id |
/// | 4 | modality | string ≤ 64 | asserted, reported, possible, denied |
/// | 5 | sentence | uint | the evidence sentence's index |
/// | 6 | supplier_entity | string ≤ 256 | v1.1: the party as named; absent: `supplier` |
/// | 7 | recipient_entity | string ≤ 256 | v1.1: the same |
/// | 8 | quantity | Quantity | v1.1: the quantity of this flow, when the sentence gives one |
/// | 9 | quantity_role | string ≤ 64 | v1.1: delivered, pledged, deployed, casualties, value, volume |
/// | 10 | attribution | string ≤ 256 | v1.1: who the claim is credited to, an entity id (never a party) |
/// | 11 | via | string ≤ 256 | v1.1: the vessel that carries it |
/// | 12 | evidence | string ≤ 65536 | v1.1: the evidence sentence's text |
/// | 13 | evidence_start | uint | v1.1: its UTF-8 byte offset in the body |
/// | 14 | evidence_end | uint | v1.1: exclusive |
/// | 15 | key | string ≤ 1024 | v1.1, FLOWS: the document |
/// | 16 | version | uint | v1.1, FLOWS |
/// | 17 | sequence | uint (u64) | v1.1, FLOWS |
/// | 18 | published | string ≤ 16 | v1.1, FLOWS: `YYYY-MM-DD` |
/// | 19 | source | string ≤ 256 | v1.1, FLOWS |
/// | 20 | names | repeated string ≤ 4096 | v1.1, FLOWS: display names of supplier, recipient, item, supplier_entity, recipient_entity (in that order) |
public struct FlowMessage: WireMessage, Hashable {
    public var supplier: String
    public var recipient: String
    public var item: String
    public var modality: String
    public var sentence: UInt64
    public var supplierEntity: String?
    public var recipientEntity: String?
    public var quantity: QuantityMessage?
    public var quantityRole: String?
    public var attribution: String?
    public var via: String?
    public var evidence: String?
    public var evidenceStart: UInt64?
    public var evidenceEnd: UInt64?
    public var key: String?
    public var version: UInt32?
    public var sequence: UInt64?
    public var published: String?
    public var source: String?
    public var names: [String] = []

    public init(supplier: String, recipient: String, item: String, modality: String, sentence: UInt64) {
        self.supplier = supplier
        self.recipient = recipient
        self.item = item
        self.modality = modality
        self.sentence = sentence
    }

    /// The party as named, else the roll-up.
    public var namedSupplier: String { self.supplierEntity ?? self.supplier }
    public var namedRecipient: String { self.recipientEntity ?? self.recipient }

    /// The display name of `names[index]`, else the id.
    public func name(_ index: Int, or id: String) -> String {
        index < self.names.count && !self.names[index].isEmpty ? self.names[index] : id
    }

    public init(fromPayload payload: inout ByteBuffer) throws(CodecError) {
        var reader = FieldReader(payload)
        var message = FlowMessage(supplier: "", recipient: "", item: "", modality: "", sentence: 0)
        while let field = try reader.next() {
            switch field.number {
            case 1: message.supplier = try field.string(maxBytes: IndexLimits.idBytes)
            case 2: message.recipient = try field.string(maxBytes: IndexLimits.idBytes)
            case 3: message.item = try field.string(maxBytes: IndexLimits.idBytes)
            case 4: message.modality = try field.string(maxBytes: 64)
            case 5: message.sentence = try field.uint64()
            case 6: message.supplierEntity = try field.string(maxBytes: IndexLimits.idBytes)
            case 7: message.recipientEntity = try field.string(maxBytes: IndexLimits.idBytes)
            case 8: message.quantity = try field.message(QuantityMessage.self)
            case 9: message.quantityRole = try field.string(maxBytes: 64)
            case 10: message.attribution = try field.string(maxBytes: IndexLimits.idBytes)
            case 11: message.via = try field.string(maxBytes: IndexLimits.idBytes)
            case 12: message.evidence = try field.string(maxBytes: IndexLimits.sentenceBytes)
            case 13: message.evidenceStart = try field.uint64()
            case 14: message.evidenceEnd = try field.uint64()
            case 15: message.key = try field.string(maxBytes: DocumentLimits.keyBytes)
            case 16: message.version = try field.unsigned(UInt32.self)
            case 17: message.sequence = try field.uint64()
            case 18: message.published = try field.string(maxBytes: 16)
            case 19: message.source = try field.string(maxBytes: IndexLimits.idBytes)
            case 20:
                guard message.names.count < 5 else { throw CodecError(.countTooLarge, "more than 5 names", field: 20) }
                message.names.append(try field.string(maxBytes: IndexLimits.nameBytes))
            default: break
            }
        }
        self = message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeField(1, self.supplier)
        buffer.writeField(2, self.recipient)
        buffer.writeField(3, self.item)
        buffer.writeField(4, self.modality)
        buffer.writeField(5, self.sentence)
        if let supplierEntity { buffer.writeField(6, supplierEntity) }
        if let recipientEntity { buffer.writeField(7, recipientEntity) }
        if let quantity { buffer.writeField(8, message: quantity) }
        if let quantityRole { buffer.writeField(9, quantityRole) }
        if let attribution { buffer.writeField(10, attribution) }
        if let via { buffer.writeField(11, via) }
        if let evidence { buffer.writeField(12, evidence) }
        if let evidenceStart { buffer.writeField(13, evidenceStart) }
        if let evidenceEnd { buffer.writeField(14, evidenceEnd) }
        if let key { buffer.writeField(15, key) }
        if let version { buffer.writeField(16, version) }
        if let sequence { buffer.writeField(17, sequence) }
        if let published { buffer.writeField(18, published) }
        if let source { buffer.writeField(19, source) }
        for name in self.names { buffer.writeField(20, name) }
    }
}
