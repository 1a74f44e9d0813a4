import Foundation

/// The entities the extractor knows: countries, people, organisations, places, weapons,
/// events and transferred items, with every name they go by.
///
/// Load the bundled data with `bundled()`, a user's file with `load(contentsOf:)`, and
/// combine them with `merging(_:)`.
public struct Gazetteer: Sendable {
    /// Where a record was read from, so later checks (dangling references) can cite file:line.
    struct SourceLocation: Sendable, Hashable {
        var file: String
        var line: Int
    }

    /// All entities, sorted by id.
    public let entities: [EntityRecord]
    let locations: [SourceLocation]
    let indexByID: [String: Int]
    /// Folded form -> (entity index, kind), best first.
    let indexByForm: [String: [(entity: Int, kind: FormKind)]]

    /// A stable hash of the content: equal gazetteers have equal fingerprints in every process,
    /// and any change to any entity changes it.
    public let fingerprint: String

    /// Builds a gazetteer from records that were already checked for duplicates.
    init(records: [(record: EntityRecord, location: SourceLocation)]) {
        let sorted = records.sorted { $0.record.id < $1.record.id }
        self.entities = sorted.map(\.record)
        self.locations = sorted.map(\.location)
        var indexByID: [String: Int] = [:]
        for (index, entity) in self.entities.enumerated() { indexByID[entity.id] = index }
        self.indexByID = indexByID
        var indexByForm: [String: [(entity: Int, kind: FormKind)]] = [:]
        for (index, entity) in self.entities.enumerated() {
            for form in SurfaceForms.forms(of: entity) {
                let key = FormFolding.key(form.text)
                var list = indexByForm[key] ?? []
                if let existing = list.firstIndex(where: { $0.entity == index }) {
                    if form.kind < list[existing].kind { list[existing].kind = form.kind }
                } else {
                    list.append((index, form.kind))
                }
                indexByForm[key] = list
            }
        }
        for key in indexByForm.keys {
            indexByForm[key]?.sort { ($0.kind, $0.entity) < ($1.kind, $1.entity) }
        }
        self.indexByForm = indexByForm
        self.fingerprint = Self.fingerprint(of: self.entities)
    }

    /// The entity with this id, if any.
    public func entity(id: String) -> EntityRecord? {
        self.indexByID[id].map { self.entities[$0] }
    }

    /// Entities named by `nameOrID`: the entity with that id, or every entity having it as a
    /// name, alias, demonym (or its plural) or short form, compared without case, with hyphens,
    /// dashes and spaces equal and curly quotes straight. Best first: names before aliases
    /// before demonyms before short forms.
    public func resolve(_ nameOrID: String) -> [EntityRecord] {
        if let index = self.indexByID[nameOrID] { return [self.entities[index]] }
        let key = FormFolding.key(nameOrID)
        if let index = self.indexByID[key] { return [self.entities[index]] }
        if let found = self.indexByForm[key], !found.isEmpty { return found.map { self.entities[$0.entity] } }
        return self.designationWithClassNoun(nameOrID)
    }

    /// "Shahed drones", "KN-23 missiles": a designation followed by the noun of its class.
    /// Text names them as two mentions (the gazetteer glues no class noun to a designation),
    /// but people ask for them as one name: the designations of that name whose class (or a
    /// broader one) the last word names.
    private func designationWithClassNoun(_ name: String) -> [EntityRecord] {
        guard let space = name.lastIndex(of: " ") else { return [] }
        let head = name[..<space].trimmingCharacters(in: .whitespaces)
        let tail = String(name[name.index(after: space)...])
        guard !head.isEmpty, let classes = self.indexByForm[FormFolding.key(tail)].map({ Set($0.map { self.entities[$0.entity].id }) }),
            let designations = self.indexByForm[FormFolding.key(head)]
        else { return [] }
        return designations.map { self.entities[$0.entity] }.filter { record in
            var parent = record.parent
            // Parents form a short tree; the bound only guards against a cycle in the data.
            for _ in 0..<8 {
                guard let id = parent else { return false }
                if classes.contains(id) { return true }
                parent = self.indexByID[id].map { self.entities[$0].parent } ?? nil
            }
            return false
        }
    }

    private static func fingerprint(of entities: [EntityRecord]) -> String {
        var hash = FNV1a64()
        hash.add("axis-gazetteer-v1")
        for entity in entities {
            hash.add(entity.id)
            hash.add(entity.name)
            hash.add(entity.aliases)
            hash.add(entity.demonyms)
            hash.add(entity.shortForms)
            hash.add([entity.country ?? "", entity.capital ?? "", entity.parent ?? "", entity.kind ?? ""])
            hash.add(entity.description ?? "")
            hash.add(entity.generatesPlurals ? "p" : "-")
        }
        return hash.hex
    }
}
