/// Organisations and ships the gazetteer does not know, found by the shape of their names
/// around cue words the one-pass matcher already found (so a text without them costs nothing):
/// - an organisation: capitalised (or all-capital) words ending in a word that names an
///   organisation ("Meridian Wire", "National Resistance Forces", "XIAMEN ZHONGHENG MACHINE
///   TOOL CO., LTD"), with a short "for/of ..." after it ("Halden Institute for Strategic
///   Studies");
/// - a ship: capitalised words after "the tanker", "the vessel", "the dhow"... ("the tanker
///   Andromeda Star", "the cargo ship PORT OLYA-3"), or before "(IMO 9402304)". Every later
///   occurrence of a ship's name in the document is a mention too.
/// They become entities of their own (`org:slug`, `vessel:slug`), like discovered people.
struct NameDiscovery {
    let table: EntityTable
    let text: DocumentText

    private var bytes: UnsafeBufferPointer<UInt8> { self.text.bytes }

    /// Small words that may stand inside a name ("Institute for Strategic Studies").
    static let connectors = WordTable<Bool>.words(["of", "for", "and", "&", "de", "al", "on", "the"])
    /// Abbreviations a company's name may end in after a comma or a full stop ("CO., LTD").
    static let companyEndings = WordTable<Bool>.words(["co", "corp", "ltd", "llc", "inc", "jsc", "plc", "l", "c"])
    static let tails = WordTable<Bool>.words(["for", "of", "on"])
    /// Bounds on what one document can make (a text is untrusted): names per document, ships
    /// looked for again, and a name's bytes (an entity id is at most 256 on the wire).
    static let maxNames = 1_000
    static let maxShips = 20
    static let maxNameBytes = 160

    /// Adds the mentions to `found` (kept sorted) and the entities to `discovered`.
    func find(found: inout [Found], cues: [CueHit], discovered: inout [DiscoveredEntity]) {
        var names: [(range: Range<Int>, type: EntityType, sentence: Int32)] = []
        for cue in cues where cue.cue == .organisationWord || cue.cue == .shipWord {
            guard names.count < Self.maxNames else { break }
            let sentence = self.text.sentences[Int(cue.sentence)]
            let word = Int(cue.start)..<Int(cue.end)
            if cue.cue == .organisationWord {
                if let name = self.organisation(endingAt: word, in: sentence, found: found) { names.append((name, .org, cue.sentence)) }
            } else if let name = self.ship(at: word, in: sentence) {
                names.append((name, .vessel, cue.sentence))
            }
        }
        guard !names.isEmpty else { return }
        // A ship's name again, without its cue ("the Andromeda Star").
        for ship in Set(names.filter { $0.type == .vessel }.map { self.text.string($0.range) }).prefix(Self.maxShips) {
            let pattern = Array(ship.utf8)
            var start = 0
            while names.count < Self.maxNames, let at = self.firstIndex(of: pattern, from: start) {
                start = at + 1
                let range = at..<(at + pattern.count)
                guard self.isWordBoundary(range) else { continue }
                names.append((range, .vessel, Int32(self.text.sentence(containing: at))))
            }
        }
        // The widest of overlapping names ("GENERAL TRADING" inside "... GENERAL TRADING CORPORATION").
        names.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }
        var added: [Found] = []
        var indexByID: [String: Int] = Dictionary(uniqueKeysWithValues: discovered.enumerated().map { ($1.id, $0) })
        for name in names where name.range.count <= Self.maxNameBytes {
            // Sorted by start: only the last name kept can overlap this one.
            if let last = added.last, name.range.lowerBound < Int(last.end) { continue }
            let entity = DiscoveredEntity(name: self.text.string(name.range), type: name.type)
            let index = indexByID[entity.id] ?? {
                discovered.append(entity)
                indexByID[entity.id] = discovered.count - 1
                return discovered.count - 1
            }()
            added.append(Found(
                entity: Int32(-1 - index), start: Int32(name.range.lowerBound), end: Int32(name.range.upperBound), sentence: name.sentence,
                kind: .name))
        }
        // Gazetteer mentions inside a discovered name stay, nested (a country before a
        // company's name is a mention of its own); ones that straddle its edge go. Both lists
        // are sorted by start and the names do not overlap: one merge pass.
        var kept: [Found] = []
        kept.reserveCapacity(found.count + added.count)
        var next = 0
        for var mention in found {
            while next < added.count && added[next].end <= mention.start { next += 1 }
            if next < added.count, added[next].start < mention.end {
                let name = added[next]
                guard name.start <= mention.start && mention.end <= name.end else { continue }
                mention.isNested = true
            }
            kept.append(mention)
        }
        found = kept + added
        found.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    }

    // MARK: - Organisations

    /// The name that `head` (an organisation word, capitalised) ends: capitalised words and
    /// connectors before it, at least one of them, plus a short "for/of ..." after it.
    private func organisation(endingAt head: Range<Int>, in sentence: Range<Int>, found: [Found]) -> Range<Int>? {
        guard self.isCapitalised(head) else { return nil }
        var start = head.lowerBound
        var words = 0
        var position = head.lowerBound
        while let token = WordReader.previous(self.bytes, before: position, limit: sentence.lowerBound) {
            if token.kind == .word, self.isCapitalised(token.range) {
                start = token.range.lowerBound
                words += 1
            } else if token.kind == .word, words > 0 || token.range.upperBound < head.lowerBound, Self.connectors.contains(self.bytes, token.range),
                let before = WordReader.previous(self.bytes, before: token.range.lowerBound, limit: sentence.lowerBound),
                before.kind == .word, self.isCapitalised(before.range), !Self.companyEndings.contains(self.bytes, before.range)
            {
                // (Not after a company's ending: "... CO., LTD and DESERT PEARL TRADING" are two.)
                // "Centre for ... ": a connector only between capitalised words.
            } else {
                break
            }
            position = token.range.lowerBound
            if words >= 8 { break }
        }
        guard words >= 1 else { return nil }
        // "The" opening a sentence is not part of the name.
        if let first = WordReader.next(self.bytes, from: start, limit: head.lowerBound), first.range.count == 3,
            Self.connectors.contains(self.bytes, first.range), let second = WordReader.next(self.bytes, from: first.range.upperBound, limit: head.upperBound)
        {
            start = second.range.lowerBound
        }
        var end = head.upperBound
        // ", LTD" or ". L.L.C." after a company word; "for Strategic Studies" after a head.
        var cursor = head.upperBound
        var tailWords = 0
        var inTail = false
        var endings = 0
        while let token = WordReader.next(self.bytes, from: cursor, limit: sentence.upperBound) {
            endings += 1
            guard endings <= 8 else { break }
            if token.kind == .punctuation, self.isStopOrComma(token.range) {
                // ", LTD", "., LTD" ("CO., LTD"), ". L.L.C.": up to two marks, then an ending.
                var after = WordReader.next(self.bytes, from: token.range.upperBound, limit: sentence.upperBound)
                if let mark = after, mark.kind == .punctuation, self.isStopOrComma(mark.range) {
                    after = WordReader.next(self.bytes, from: mark.range.upperBound, limit: sentence.upperBound)
                }
                if let next = after, Self.companyEndings.contains(self.bytes, next.range), self.isCapitalised(next.range) {
                    cursor = next.range.lowerBound
                    continue
                }
                break
            }
            if token.kind == .word, Self.companyEndings.contains(self.bytes, token.range), self.isCapitalised(token.range), tailWords == 0 {
                end = token.range.upperBound
                // "L.L.C.": a one-letter ending keeps its full stop.
                if token.range.count == 1, end < sentence.upperBound, self.bytes[end] == UInt8(ascii: ".") { end += 1 }
                cursor = token.range.upperBound
                continue
            }
            if !inTail, token.kind == .word, Self.tails.contains(self.bytes, token.range) {
                inTail = true
                cursor = token.range.upperBound
                continue
            }
            if inTail, token.kind == .word, self.isCapitalised(token.range) || Self.connectors.contains(self.bytes, token.range), tailWords < 5 {
                tailWords += 1
                if self.isCapitalised(token.range) { end = token.range.upperBound }
                cursor = token.range.upperBound
                continue
            }
            break
        }
        let range = start..<end
        // A gazetteer mention that is the whole name is no discovery (`found` is sorted by start:
        // look only at the mentions starting just before it).
        var low = 0
        var high = found.count
        while low < high {
            let middle = (low + high) / 2
            if Int(found[middle].start) <= range.lowerBound { low = middle + 1 } else { high = middle }
        }
        for index in stride(from: low - 1, through: max(0, low - 16), by: -1) where index >= 0 {
            if Int(found[index].start) <= range.lowerBound && range.upperBound <= Int(found[index].end) { return nil }
        }
        return range
    }

    // MARK: - Ships

    /// The ship a ship word introduces ("the tanker Andromeda Star"), or that "IMO" follows
    /// ("Andromeda Star (IMO 9402304)").
    private func ship(at word: Range<Int>, in sentence: Range<Int>) -> Range<Int>? {
        if word.count == 3, self.isCapitalised(word), word.lowerBound > sentence.lowerBound {
            // "(IMO": the name is before the bracket.
            guard let bracket = WordReader.previous(self.bytes, before: word.lowerBound, limit: sentence.lowerBound),
                bracket.kind == .punctuation, self.bytes[bracket.range.lowerBound] == UInt8(ascii: "(")
            else { return nil }
            return self.shipName(before: bracket.range.lowerBound, limit: sentence.lowerBound)
        }
        return self.shipName(after: word.upperBound, limit: sentence.upperBound)
    }

    /// One to four capitalised words (or short numbers, "Al-Mansour 3") after `start`, past an
    /// opening quote.
    private func shipName(after start: Int, limit: Int) -> Range<Int>? {
        var position = start
        var first: Range<Int>?
        var last: Range<Int>?
        var count = 0
        while count < 4, let token = WordReader.next(self.bytes, from: position, limit: limit) {
            if first == nil, token.kind == .punctuation, Self.isQuote(self.bytes, token.range) {
                position = token.range.upperBound
                continue
            }
            let isName = token.kind == .word && self.isCapitalised(token.range)
            let isNumber = first != nil && token.kind == .number && token.range.count <= 3
            guard isName || isNumber else { break }
            if first == nil { first = token.range }
            last = token.range
            count += 1
            position = token.range.upperBound
        }
        guard let first, let last, !NameLexicon.notNames.contains(self.bytes, first) else { return nil }
        return first.lowerBound..<last.upperBound
    }

    private func shipName(before end: Int, limit: Int) -> Range<Int>? {
        var position = end
        var first: Range<Int>?
        var last: Range<Int>?
        var count = 0
        while count < 4, let token = WordReader.previous(self.bytes, before: position, limit: limit) {
            let isName = token.kind == .word && self.isCapitalised(token.range) && !(token.range.count == 3 && Self.connectors.contains(self.bytes, token.range))
            let isNumber = token.kind == .number && token.range.count <= 3
            guard isName || isNumber else { break }
            if last == nil { last = token.range }
            first = token.range
            count += 1
            position = token.range.lowerBound
        }
        guard let first, let last else { return nil }
        return first.lowerBound..<last.upperBound
    }

    // MARK: - Text

    private func isStopOrComma(_ range: Range<Int>) -> Bool {
        range.count == 1 && (self.bytes[range.lowerBound] == UInt8(ascii: ".") || self.bytes[range.lowerBound] == UInt8(ascii: ","))
    }

    private func isCapitalised(_ range: Range<Int>) -> Bool {
        guard let first = range.first else { return false }
        return ByteText.isUppercase(self.bytes[first])
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
}
