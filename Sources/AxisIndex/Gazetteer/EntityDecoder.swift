/// Turns a parsed gazetteer file (`{"entities": [...]}`) into records, checking every field.
///
/// A user's file is untrusted: every problem becomes a `GazetteerError` naming the file, the
/// line of the offending entity and the field, never a trap.
struct EntityDecoder {
    let file: String

    /// The keys an entity object may have; anything else is most likely a typo.
    private static let knownKeys: Set<String> = [
        "id", "name", "aliases", "demonyms", "short", "country", "capital", "parent", "kind", "description", "plural",
    ]

    /// Decodes the whole document, returning records with the line each one starts on.
    func decode(_ document: JSONValue) throws(GazetteerError) -> [(record: EntityRecord, line: Int)] {
        guard case .object(let members) = document.content else {
            throw self.error(document.line, "the file must be a JSON object {\"entities\": [...]}, found \(document.typeName)")
        }
        guard let entities = members.first(where: { $0.key == "entities" })?.value else {
            throw self.error(document.line, "missing the \"entities\" array")
        }
        if let other = members.first(where: { $0.key != "entities" }) {
            throw self.error(other.value.line, "unknown top-level key \"\(other.key)\" (only \"entities\" is allowed)")
        }
        guard case .array(let elements) = entities.content else {
            throw self.error(entities.line, "\"entities\" must be an array, found \(entities.typeName)")
        }
        var records: [(record: EntityRecord, line: Int)] = []
        records.reserveCapacity(elements.count)
        for element in elements {
            records.append((try self.decodeEntity(element), element.line))
        }
        return records
    }

    private func error(_ line: Int, _ message: String) -> GazetteerError {
        GazetteerError(file: self.file, line: line, message: message)
    }

    private func decodeEntity(_ value: JSONValue) throws(GazetteerError) -> EntityRecord {
        guard case .object(let members) = value.content else {
            throw self.error(value.line, "each entity must be a JSON object, found \(value.typeName)")
        }
        var seen: Set<String> = []
        for member in members {
            guard Self.knownKeys.contains(member.key) else {
                throw self.error(member.value.line, "unknown field \"\(member.key)\"")
            }
            guard seen.insert(member.key).inserted else {
                throw self.error(member.value.line, "field \"\(member.key)\" appears twice")
            }
        }
        let fields = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let id = try self.string(fields["id"], "id", line: value.line) else {
            throw self.error(value.line, "entity without an \"id\"")
        }
        let type = try self.entityType(of: id, line: value.line)
        guard let name = try self.string(fields["name"], "name", line: value.line), !name.isEmpty else {
            throw self.error(value.line, "entity \(id) has no \"name\"")
        }
        var plural = true
        if let pluralValue = fields["plural"] {
            guard case .bool(let flag) = pluralValue.content else {
                throw self.error(pluralValue.line, "\"plural\" of \(id) must be true or false, found \(pluralValue.typeName)")
            }
            plural = flag
        }
        return EntityRecord(
            id: id,
            type: type,
            name: name,
            aliases: try self.strings(fields["aliases"], "aliases", id: id),
            demonyms: try self.strings(fields["demonyms"], "demonyms", id: id),
            shortForms: try self.strings(fields["short"], "short", id: id),
            country: try self.reference(fields["country"], "country", id: id, expected: .country),
            capital: try self.reference(fields["capital"], "capital", id: id, expected: .place),
            parent: try self.reference(fields["parent"], "parent", id: id, expected: nil),
            kind: try self.string(fields["kind"], "kind", line: value.line),
            description: try self.string(fields["description"], "description", line: value.line),
            generatesPlurals: plural
        )
    }

    /// Checks that `id` is "type:slug" with a known type and a slug of lowercase letters, digits and dashes.
    private func entityType(of id: String, line: Int) throws(GazetteerError) -> EntityType {
        let parts = id.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let type = EntityType(rawValue: String(parts[0])) else {
            let known = EntityType.allCases.map(\.rawValue).joined(separator: ", ")
            throw self.error(line, "id \"\(id)\" must be \"type:slug\" with type one of \(known)")
        }
        let slug = parts[1]
        let valid = !slug.isEmpty && slug.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
        guard valid else {
            throw self.error(line, "id \"\(id)\": the slug must be lowercase letters, digits and '-'")
        }
        return type
    }

    private func string(_ value: JSONValue?, _ field: String, line: Int) throws(GazetteerError) -> String? {
        guard let value else { return nil }
        switch value.content {
        case .null: return nil
        case .string(let text): return text
        default: throw self.error(value.line, "\"\(field)\" must be a string, found \(value.typeName)")
        }
    }

    private func strings(_ value: JSONValue?, _ field: String, id: String) throws(GazetteerError) -> [String] {
        guard let value else { return [] }
        if case .null = value.content { return [] }
        guard case .array(let elements) = value.content else {
            throw self.error(value.line, "\"\(field)\" of \(id) must be an array of strings, found \(value.typeName)")
        }
        var result: [String] = []
        for element in elements {
            guard case .string(let text) = element.content else {
                throw self.error(element.line, "\"\(field)\" of \(id) must contain only strings, found \(element.typeName)")
            }
            guard !text.allSatisfy(\.isWhitespace) else {
                throw self.error(element.line, "\"\(field)\" of \(id) contains an empty form")
            }
            result.append(text)
        }
        return result
    }

    private func reference(
        _ value: JSONValue?, _ field: String, id: String, expected: EntityType?
    ) throws(GazetteerError) -> String? {
        guard let text = try self.string(value, field, line: value?.line ?? 0), let value else { return nil }
        let prefix = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        guard let type = EntityType(rawValue: prefix), text.count > prefix.count + 1 else {
            throw self.error(value.line, "\"\(field)\" of \(id) must be an entity id such as \"country:iran\", found \"\(text)\"")
        }
        if let expected, type != expected {
            throw self.error(value.line, "\"\(field)\" of \(id) must be a \(expected.rawValue) id, found \"\(text)\"")
        }
        return text
    }
}
