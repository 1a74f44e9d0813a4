/// Decides when a weapon word is a mention of materiel, following the labelling guidelines:
/// not when it only modifies a non-materiel head ("missile launch", "drone warfare", "nuclear
/// weapons program", "arms partnerships"), but yes when the head is the transfer itself
/// ("weapons shipments", "arms transfer").
enum WeaponContext {
    /// Heads that make a preceding weapon word a modifier rather than materiel.
    static let nonMaterielHeads = WordTable<Bool>.words(nonMaterielHeadWords)

    private static let nonMaterielHeadWords: [String] = [
        "program", "programs", "programme", "programmes", "launch", "launches", "launching", "test", "tests",
        "testing", "tested", "warfare", "war", "wars", "partnership", "partnerships", "production", "industry",
        "industries", "industrial", "sector", "development", "developments", "capability", "capabilities",
        "budget", "budgets", "spending", "strike", "strikes", "attack", "attacks", "race", "control",
        "controls", "embargo", "embargoes", "treaty", "treaties", "component", "components", "part", "parts",
        "engine", "engines", "warhead", "warheads", "plant", "plants", "site", "sites", "base", "bases",
        "unit", "units", "debris", "wreckage", "fragments", "manufacturing", "manufacture", "manufacturer",
        "manufacturers", "maker", "makers", "makers'", "threat", "threats", "crisis", "diplomacy", "talks",
        "negotiations", "cooperation", "collaboration", "expert", "experts", "official", "officials", "pilot",
        "pilots", "operator", "operators", "crew", "crews", "designer", "designers", "defense", "defence",
        "shield", "range", "ranges", "technology", "technologies", "proliferation", "doctrine", "policy",
        "policies", "research", "scientist", "scientists", "engineers", "factory", "factories", "facility",
        "facilities", "complex", "arsenal", "stockpile", "stockpiles", "inventory", "salvo", "salvos",
        "barrage", "barrages", "fire", "exercise", "exercises", "drill", "drills", "ambitions", "know-how",
        "deterrent", "deterrence", "posture", "forces", "force", "corps", "brigade", "brigades", "regiment",
        "battalion", "battalions", "operation", "operations", "campaign", "campaigns", "alliance", "pact",
        "battle", "battles", "commander", "commanders", "driver", "drivers", "school", "training", "museum",
        "re-entry", "quieting", "chemicals", "propellant", "propellants", "fuel", "guidance",
    ]

    /// "anti-missile", "counter-drone", "non-nuclear": not the weapon itself.
    private static let negatingPrefixes = WordTable<Bool>([("anti", true), ("counter", true), ("non", true)])

    /// Drops weapon mentions used as modifiers of a non-materiel head, or after "anti-"/"counter-".
    static func dropNonMaterielUses(_ found: inout [Found], table: EntityTable, text: DocumentText) {
        // Where weapon mentions start: "attack" in "Mi-28 attack helicopters" starts a weapon
        // noun ("attack helicopter"), so it is no non-materiel head there. (A class noun after a
        // designation, "drones" in "Shahed-136 drones", is a mention of its own, as the
        // guidelines annotate it; the flow rules do not count it as a second item.)
        let weapons = found.filter { $0.entity >= 0 && table.types[Int($0.entity)] == .weapon }
        /// The weapon mention starting at `start` (`weapons` is sorted by start; a document
        /// names a few dozen, so a binary search beats building a set of starts).
        func weapon(at start: Int32) -> Int32? {
            let index = SortedSets.lowerBound(weapons, Int(start)) { Int($0.start) }
            return index < weapons.count && weapons[index].start == start ? weapons[index].entity : nil
        }
        found.removeAll { mention in
            guard mention.entity >= 0, table.types[Int(mention.entity)] == .weapon else { return false }
            let sentence = text.sentences[Int(mention.sentence)]
            var after = Int(mention.end)
            if after < sentence.upperBound && text.bytes[after] == UInt8(ascii: "-") { after += 1 }
            if let next = WordReader.next(text.bytes, from: after, limit: sentence.upperBound), next.isWord,
                next.range.count <= 16, next.range.lowerBound - after <= 3
            {
                // "launch" in "launch-ready" counts too: the part before a hyphen.
                var headEnd = next.range.lowerBound
                while headEnd < next.range.upperBound && text.bytes[headEnd] != UInt8(ascii: "-") { headEnd += 1 }
                if weapon(at: Int32(next.range.lowerBound)) == nil,
                    self.nonMaterielHeads.contains(text.bytes, next.range)
                        || self.nonMaterielHeads.contains(text.bytes, next.range.lowerBound..<headEnd)
                {
                    // "Yak-130 training aircraft": the word modifies the weapon noun after it (not
                    // know-how: "missile re-entry know-how" is knowledge about missiles).
                    let modifiesWeapon = WordReader.next(text.bytes, from: next.range.upperBound, limit: sentence.upperBound)
                        .flatMap { weapon(at: Int32($0.range.lowerBound)) }
                        .map { !table.ids[Int($0)].hasSuffix("technology") } ?? false
                    if !modifiesWeapon { return true }
                }
            }
            let before = Int(mention.start)
            if before >= 4, text.bytes[before - 1] == UInt8(ascii: "-"),
                let prefix = WordReader.previous(text.bytes, before: before - 1, limit: sentence.lowerBound),
                prefix.range.upperBound == before - 1, self.negatingPrefixes.contains(text.bytes, prefix.range)
            {
                return true
            }
            return false
        }
    }
}
