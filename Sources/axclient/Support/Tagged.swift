/// An object with a `kind` field added, for NDJSON lines that mix kinds of items.
struct Tagged<Value: Encodable>: Encodable {
    var kind: String
    var value: Value

    func encode(to encoder: any Encoder) throws {
        try self.value.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.kind, forKey: .kind)
    }

    enum CodingKeys: String, CodingKey {
        case kind
    }
}
