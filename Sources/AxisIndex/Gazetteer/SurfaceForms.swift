/// The surface forms of an entity: its fields, plus generated plurals for weapon forms and
/// demonyms ("missile" -> "missiles", "Iranian" -> "Iranians") unless the entity says
/// `"plural": false`.
enum SurfaceForms {
    static func forms(of record: EntityRecord) -> [SurfaceForm] {
        var result: [SurfaceForm] = []
        func add(_ texts: [String], _ kind: FormKind, pluralize: Bool) {
            for text in texts {
                result.append(SurfaceForm(text: text, kind: kind, isPlural: false))
                if pluralize, record.generatesPlurals, let plural = self.plural(of: text, demonym: kind == .demonym) {
                    result.append(SurfaceForm(text: plural, kind: kind, isPlural: true))
                }
            }
        }
        let isWeapon = record.type == .weapon
        add([record.name], .name, pluralize: isWeapon)
        add(record.aliases, .alias, pluralize: isWeapon)
        add(record.demonyms, .demonym, pluralize: true)
        add(record.shortForms, .short, pluralize: isWeapon)
        return result
    }

    /// The English plural of a singular noun phrase (the last word is inflected), or nil when
    /// the form should not get one: phrases with "of" (the head comes first), demonyms that are
    /// their own plural ("Chinese", "Swiss", "British"), and words already ending in s.
    static func plural(of text: String, demonym: Bool) -> String? {
        guard !text.isEmpty, !text.contains(" of "), let last = text.last, last.isLetter else { return nil }
        let lower = text.lowercased()
        let isAcronym = !text.contains(where: \.isLowercase)
        if isAcronym {
            return lower.hasSuffix("s") ? nil : text + "s"
        }
        if demonym {
            for suffix in ["ese", "ss", "sh", "ch", "s", "x", "z", "i"] where lower.hasSuffix(suffix) {
                // "Pakistani", "Israeli" do take an s; the others are their own plural.
                if suffix == "i" { return text + "s" }
                return nil
            }
        }
        if lower.hasSuffix("man") { return String(text.dropLast(3)) + "men" }
        if lower.hasSuffix("ss") || lower.hasSuffix("x") || lower.hasSuffix("ch") || lower.hasSuffix("sh") {
            return text + "es"
        }
        // Words already ending in s ("arms", "munitions") are plural or mass nouns.
        if lower.hasSuffix("s") || lower.hasSuffix("z") { return nil }
        if lower.hasSuffix("y"), lower.count >= 2 {
            let beforeY = lower[lower.index(lower.endIndex, offsetBy: -2)]
            if !"aeiou".contains(beforeY) { return String(text.dropLast()) + "ies" }
        }
        return text + "s"
    }
}
