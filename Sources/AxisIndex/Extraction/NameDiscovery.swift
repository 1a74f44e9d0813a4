/// Organisations and ships the gazetteer does not know, found by the shape of their names:
/// - an organisation: two or more capitalised (or all-capital) words ending in a word that
///   names an organisation ("Halden Institute for Strategic Studies", "XIAMEN ZHONGHENG
///   MACHINE TOOL CO., LTD", "Meridian Wire", "National Resistance Forces");
/// - a ship: capitalised words after "the tanker", "the vessel", "the dhow"... ("the tanker
///   Andromeda Star", "the cargo ship PORT OLYA-3"), or before "(IMO 9402304)". Every later
///   occurrence of a ship's name in the document is a mention too.
/// They become entities of their own (`org:slug`, `vessel:slug`), like discovered people.
struct NameDiscovery {
    let table: EntityTable
    let text: DocumentText

    private var bytes: UnsafeBufferPointer<UInt8> { self.text.bytes }

    /// Adds the mentions to `found` (kept sorted) and the entities to `discovered`.
    func find(found: inout [Found], discovered: inout [DiscoveredPerson]) {
        var names: [(range: Range<Int>, type: EntityType, sentence: Int32)] = []
        for (index, sentence) in self.text.sentences.enumerated() {
            self.organisations(in: sentence, found: found) { names.append(($0, .org, Int32(index))) }
            self.ships(in: sentence) { names.append(($0, .vessel, Int32(index))) }
        }
        guard !names.isEmpty else { return }
        // A ship's name again, without its cue ("the Andromeda Star").
        let ships = Set(names.filter { $0.type == .vessel }.map { self.text.string($0.range) })
        for ship in ships {
            let pattern = Array(ship.utf8)
            var start = 0
            while let at = self.firstIndex(of: pattern, from: start) {
                start = at + 1
                let range = at..<(at + pattern.count)
                guard self.isWordBoundary(range) else { continue }
                names.append((range, .vessel, Int32(self.sentenceIndex(of: at))))
            }
        }
        var added: [Found] = []
        var indexByID: [String: Int] = Dictionary(uniqueKeysWithValues: discovered.enumerated().map { ($1.id, $0) })
        for name in names.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard !added.contains(where: { Int($0.start) < name.range.upperBound && name.range.lowerBound < Int($0.end) }) else { continue }
            let entity = DiscoveredPerson(name: self.text.string(name.range), type: name.type)
            let index = indexByID[entity.id] ?? {
                discovered.append(entity)
                indexByID[entity.id] = discovered.count - 1
                return discovered.count - 1
            }()
            added.append(Found(
                entity: Int32(-1 - index), start: Int32(name.range.lowerBound), end: Int32(name.range.upperBound), sentence: name.sentence,
                kind: .name))
        }
        // Gazetteer mentions inside a discovered name stay (a country before a company's name
        // is a mention of its own); ones that straddle its edge go.
        found.removeAll { mention in
            added.contains { org in
                mention.start < org.end && org.start < mention.end && !(org.start <= mention.start && mention.end <= org.end)
            }
        }
        for index in found.indices where added.contains(where: { $0.start <= found[index].start && found[index].end <= $0.end }) {
            found[index].isNested = true
        }
        found += added
        found.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    }

    // MARK: - Organisations

    /// Last words that make a run of capitalised words an organisation's name.
    static let organisationHeads: Set<String> = [
        "corporation", "corp", "company", "co", "ltd", "limited", "llc", "jsc", "inc", "plc", "gmbh", "group", "industries",
        "institute", "centre", "center", "agency", "monitor", "review", "daily", "wire", "press", "observer", "quarterly",
        "university", "forces", "council", "bank", "broadcasting", "images", "news", "times", "post", "journal", "tribune",
        "herald", "gazette", "bureau", "foundation", "association", "organisation", "organization", "committee", "commission",
        "airlines", "shipping", "lines", "logistics", "holdings", "enterprises", "technologies", "technology", "systems",
        "aerospace", "electronics", "trading", "staff", "navy", "guard", "corps", "brigade", "brigades", "battalion", "front",
        "movement", "party", "ministry", "office", "service", "services", "authority", "laboratory", "academy", "factory", "plant",
    ]

    /// Small words that may stand inside a name ("Institute for Strategic Studies").
    static let connectors: Set<String> = ["of", "for", "and", "&", "de", "al", "on", "the"]

    private func organisations(in sentence: Range<Int>, found: [Found], _ emit: (Range<Int>) -> Void) {
        var position = sentence.lowerBound
        var run: [WordToken] = []
        func close() {
            defer { run.removeAll() }
            // Trim trailing connectors; the name must end in an organisation word, or go on from
            // one with a short "for/of ..." ("Institute for Strategic Studies").
            while let last = run.last, Self.connectors.contains(self.lowercased(last.range)) { run.removeLast() }
            guard let head = run.lastIndex(where: { Self.organisationHeads.contains(self.lowercased($0.range)) }) else { return }
            let hasTail = head + 1 < run.count && ["for", "of", "on"].contains(self.lowercased(run[head + 1].range)) && run.count - head <= 6
            if !hasTail { run.removeLast(run.count - head - 1) }
            guard run.count >= 2, let last = run.last else { return }
            var start = run[0]
            if self.lowercased(start.range) == "the", run.count > 2 { start = run[1] }
            let range = start.range.lowerBound..<last.range.upperBound
            // A gazetteer mention that is the whole name is no discovery.
            guard !found.contains(where: { Int($0.start) <= range.lowerBound && range.upperBound <= Int($0.end) }) else { return }
            emit(range)
        }
        while let token = WordReader.next(self.bytes, from: position, limit: sentence.upperBound) {
            position = token.range.upperBound
            if token.kind == .word, self.isCapitalised(token.range) {
                run.append(token)
            } else if token.kind == .word, !run.isEmpty, Self.connectors.contains(self.lowercased(token.range)) {
                run.append(token)
            } else if token.kind == .punctuation, !run.isEmpty, self.bytes[token.range.lowerBound] == UInt8(ascii: "."),
                let last = run.last, ["co", "corp", "ltd", "inc", "l", "c"].contains(self.lowercased(last.range))
            {
                // "CO.", "L.L.C.": the full stop belongs to the abbreviation; ", LTD" may follow.
                continue
            } else if token.kind == .punctuation, !run.isEmpty, self.bytes[token.range.lowerBound] == UInt8(ascii: ","),
                let next = WordReader.next(self.bytes, from: token.range.upperBound, limit: sentence.upperBound),
                ["ltd", "llc", "inc", "jsc", "plc"].contains(self.lowercased(next.range))
            {
                continue
            } else {
                close()
            }
        }
        close()
    }

    // MARK: - Ships

    static let shipWords: Set<String> = [
        "tanker", "vessel", "ship", "freighter", "dhow", "carrier", "barge", "ferry", "trawler", "boat", "tankers", "vessels",
        "ships", "cargo", "containership", "bulker",
    ]

    private func ships(in sentence: Range<Int>, _ emit: (Range<Int>) -> Void) {
        var position = sentence.lowerBound
        var previous: WordToken?
        while let token = WordReader.next(self.bytes, from: position, limit: sentence.upperBound) {
            position = token.range.upperBound
            defer { previous = token }
            // "the tanker Andromeda Star", "the vessel 'Kiwala'"
            if token.kind == .word, Self.shipWords.contains(self.lowercased(token.range)) {
                if let name = self.shipName(after: token.range.upperBound, limit: sentence.upperBound) { emit(name) }
                continue
            }
            // "Andromeda Star (IMO 9402304)"
            if token.kind == .punctuation, self.bytes[token.range.lowerBound] == UInt8(ascii: "("),
                let next = WordReader.next(self.bytes, from: token.range.upperBound, limit: sentence.upperBound),
                self.text.string(next.range) == "IMO", previous != nil,
                let name = self.shipName(before: token.range.lowerBound, limit: sentence.lowerBound)
            {
                emit(name)
            }
        }
    }

    /// One to four capitalised words (or numbers, "Al-Mansour 3") after `start`, past an
    /// opening quote.
    private func shipName(after start: Int, limit: Int) -> Range<Int>? {
        var position = start
        var tokens: [WordToken] = []
        while tokens.count < 4, let token = WordReader.next(self.bytes, from: position, limit: limit) {
            if tokens.isEmpty, token.kind == .punctuation, Self.isQuote(self.bytes, token.range) {
                position = token.range.upperBound
                continue
            }
            let isName = token.kind == .word && self.isCapitalised(token.range)
            let isNumber = !tokens.isEmpty && token.kind == .number && token.range.count <= 3
            guard isName || isNumber else { break }
            // A word of the gazetteer (a place, a country) after "tanker" is its flag or route.
            tokens.append(token)
            position = token.range.upperBound
        }
        guard let first = tokens.first, let last = tokens.last else { return nil }
        guard !NameLexicon.notNames.contains(self.bytes, first.range) else { return nil }
        return first.range.lowerBound..<last.range.upperBound
    }

    private func shipName(before end: Int, limit: Int) -> Range<Int>? {
        var position = end
        var tokens: [WordToken] = []
        while tokens.count < 4, let token = WordReader.previous(self.bytes, before: position, limit: limit) {
            let isName = token.kind == .word && self.isCapitalised(token.range)
            let isNumber = token.kind == .number && token.range.count <= 3
            guard isName || isNumber else { break }
            tokens.insert(token, at: 0)
            position = token.range.lowerBound
        }
        while let first = tokens.first, self.lowercased(first.range) == "the" { tokens.removeFirst() }
        guard let first = tokens.first, let last = tokens.last, first.kind == .word else { return nil }
        return first.range.lowerBound..<last.range.upperBound
    }

    // MARK: - Text

    private func isCapitalised(_ range: Range<Int>) -> Bool {
        guard let first = range.first else { return false }
        return ByteText.isUppercase(self.bytes[first])
    }

    private func lowercased(_ range: Range<Int>) -> String {
        self.text.string(range).lowercased()
    }

    private static func isQuote(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let first = range.first else { return false }
        return bytes[first] == UInt8(ascii: "\"") || bytes[first] == UInt8(ascii: "'") || bytes[first] == 0xE2
    }

    private func firstIndex(of pattern: [UInt8], from start: Int) -> Int? {
        guard let head = pattern.first else { return nil }
        var position = start
        while let at = ByteSearch.firstIndex(of: head, in: self.bytes, from: position) {
            guard at + pattern.count <= self.bytes.count else { return nil }
            if (0..<pattern.count).allSatisfy({ self.bytes[at + $0] == pattern[$0] }) { return at }
            position = at + 1
        }
        return nil
    }

    private func isWordBoundary(_ range: Range<Int>) -> Bool {
        let before = range.lowerBound == 0 || !ByteText.isAlphanumeric(self.bytes[range.lowerBound - 1])
        let after = range.upperBound >= self.bytes.count || !ByteText.isAlphanumeric(self.bytes[range.upperBound])
        return before && after
    }

    private func sentenceIndex(of offset: Int) -> Int {
        var low = 0
        var high = self.text.sentences.count
        while low < high {
            let middle = (low + high) / 2
            if self.text.sentences[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return min(low, max(0, self.text.sentences.count - 1))
    }
}
