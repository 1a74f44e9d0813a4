/// A parsed JSON value that remembers the line it started on, so errors in a user's
/// gazetteer file can point at the entity that is wrong.
struct JSONValue: Sendable {
    enum Content: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        /// Members in file order; duplicate keys are kept so the decoder can reject them.
        case object([(key: String, value: JSONValue)])
    }

    var content: Content
    /// 1-based line of the value's first byte.
    var line: Int

    /// A short name of the value's JSON type, for error messages.
    var typeName: String {
        switch self.content {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
