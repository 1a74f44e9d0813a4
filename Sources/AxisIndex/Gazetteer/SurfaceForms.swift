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
        if isWeapon {
            let known = Set(result.map(\.text))
            for designation in [record.name] + record.aliases {
                for variant in self.designationVariants(of: designation) where !known.contains(variant.text) {
                    result.append(SurfaceForm(text: variant.text, kind: .alias, isPlural: variant.isPlural))
                }
            }
        }
        add(record.demonyms, .demonym, pluralize: true)
        add(record.shortForms, .short, pluralize: isWeapon)
        return result
    }

    /// Model letters written after a designation: "Su-35S", "Mi-28NE", "J-10C", "Iskander-M".
    static let modelSuffixes = ["S", "M", "N", "NE", "H", "C", "K", "E", "A", "B", "P", "SM"]

    /// Makers' names written out before or instead of the prefix: "Sukhoi-35", "Yakovlev-130".
    static let makers: [String: [String]] = [
        "Su": ["Sukhoi", "Sukhoi Su"], "Yak": ["Yakovlev", "Yakovlev Yak"], "Mi": ["Mil Mi"], "MiG": ["Mikoyan MiG"],
        "Tu": ["Tupolev", "Tupolev Tu"], "Il": ["Ilyushin", "Ilyushin Il"], "Ka": ["Kamov", "Kamov Ka"],
    ]

    /// For a designation (letters, a hyphen, a number: "Yak-130", "KN-23", "Mi-28"), the forms
    /// it is written in: plural ("Yak-130s"), with a model's letters ("Mi-28NE"), and with its
    /// maker's name ("Sukhoi-35"). Other names give none.
    static func designationVariants(of text: String) -> [(text: String, isPlural: Bool)] {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...5).contains(parts[0].count), parts[0].allSatisfy(\.isLetter),
            (1...4).contains(parts[1].count), parts[1].allSatisfy(\.isNumber)
        else { return [] }
        var variants: [(String, Bool)] = [(text + "s", true)]
        variants += self.modelSuffixes.map { (text + $0, false) }
        for maker in self.makers[String(parts[0])] ?? [] { variants.append((maker + "-" + parts[1], false)) }
        return variants
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
