/// Folds every surface form of the gazetteer, and every cue phrase, into patterns over the
/// matcher's alphabet, merging forms that fold to the same symbols.
struct PatternCompiler {
    /// Patterns longer than this are not matched (no surface form comes near it; the limit keeps
    /// pathological gazetteer entries out of the matcher's tables).
    static let maxSymbols = 255

    private(set) var patterns: [Pattern] = []
    private var indexBySymbols: [[UInt8]: Int] = [:]

    init(gazetteer: Gazetteer) {
        for (index, entity) in gazetteer.entities.enumerated() {
            for form in SurfaceForms.forms(of: entity) {
                // Disambiguating names such as "Ministry of Defense (Japan)" never occur in text.
                if form.text.contains("(") || form.text.contains(")") || form.text.contains("\"") { continue }
                // Mentions never include a leading article ("the West" is the mention "West").
                var text = form.text
                if text.hasPrefix("the ") || text.hasPrefix("The ") { text.removeFirst(4) }
                guard let (symbols, mask) = Self.fold(text) else { continue }
                self.add(symbols, Sense(target: Int32(index), kind: form.kind, isPlural: form.isPlural, uppercaseMask: mask))
            }
        }
        // People the gazetteer gives no short form still go by their family name once named in full.
        for (index, entity) in gazetteer.entities.enumerated() where entity.type == .person && entity.shortForms.isEmpty {
            let tokens = entity.name.split(separator: " ").map(String.init)
            guard let family = NameLexicon.familyName(of: tokens), family.count >= 3, family.first?.isUppercase == true,
                let (symbols, mask) = Self.fold(family)
            else { continue }
            self.add(symbols, Sense(target: Int32(index), kind: .short, isPlural: false, uppercaseMask: mask))
        }
        for entry in CueLexicon.entries {
            guard let (symbols, _) = Self.fold(entry.phrase) else { continue }
            for cue in entry.cues { self.add(symbols, .cue(cue)) }
        }
    }

    private mutating func add(_ symbols: [UInt8], _ sense: Sense) {
        if let index = self.indexBySymbols[symbols] {
            if !self.patterns[index].senses.contains(sense) { self.patterns[index].senses.append(sense) }
            return
        }
        self.indexBySymbols[symbols] = self.patterns.count
        self.patterns.append(Pattern(symbols: symbols, senses: [sense]))
    }

    /// The symbols of `text` (folded exactly as the scanner folds the document, with runs of
    /// spaces collapsed and outer spaces trimmed) and its uppercase mask; nil if unusable.
    static func fold(_ text: String) -> (symbols: [UInt8], uppercaseMask: UInt64)? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer -> ([UInt8], UInt64)? in
            var symbols: [UInt8] = []
            var mask: UInt64 = 0
            var index = 0
            while index < buffer.count {
                let (symbol, length) = SymbolAlphabet.symbol(buffer, at: index)
                defer { index += length }
                if symbol == SymbolAlphabet.space && (symbols.isEmpty || symbols.last == SymbolAlphabet.space) { continue }
                if symbol == SymbolAlphabet.newline || symbol == SymbolAlphabet.otherPunctuation
                    || symbol == SymbolAlphabet.otherWord
                {
                    return nil
                }
                if symbols.count < 64, SymbolAlphabet.isUppercase(buffer, at: index) {
                    mask |= 1 << UInt64(symbols.count)
                }
                symbols.append(symbol)
            }
            while symbols.last == SymbolAlphabet.space { symbols.removeLast() }
            guard symbols.count >= 2, symbols.count <= Self.maxSymbols else { return nil }
            return (symbols, mask)
        }
    }
}
