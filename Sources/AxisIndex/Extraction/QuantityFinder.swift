/// A quantity found in the text, with the entity index of its unit (-1 for cue units).
struct FoundQuantity: Sendable, Hashable {
    var quantity: Quantity
    var unitEntity: Int32
}

/// Finds cardinal quantities by reading backwards from each unit noun (a weapon or item
/// mention, or a unit cue such as "leaders" or "companies"): optional demonyms, adjectives and
/// "of (its)", then the number, then a qualifier. Anchoring on units is what keeps dates,
/// years, percentages and counts of countries out.
struct QuantityFinder {
    let table: EntityTable
    let text: DocumentText
    /// `NumberWords.numberWords`, fetched once per document.
    let numberWords = NumberWords.numberWords

    private var bytes: UnsafeBufferPointer<UInt8> { self.text.bytes }

    private struct Unit {
        var range: Range<Int>
        var entity: Int32
        var sentence: Int32
    }

    private struct Number {
        var start: Int
        var value: Double
        var valueMax: Double?
        var qualifier: Quantity.Qualifier
    }

    func find(found: [Found], cues: [CueHit]) -> [FoundQuantity] {
        var units: [Unit] = []
        for mention in found where mention.entity >= 0 && !mention.isNested {
            let type = self.table.types[Int(mention.entity)]
            if type == .weapon || type == .item { units.append(Unit(range: mention.range, entity: mention.entity, sentence: mention.sentence)) }
        }
        for cue in cues where cue.cue == .unitNoun {
            let range = Int(cue.start)..<Int(cue.end)
            if PeopleFinder.overlapping(found, range) == nil { units.append(Unit(range: range, entity: -1, sentence: cue.sentence)) }
        }
        guard !units.isEmpty else { return [] }
        units.sort { $0.range.lowerBound < $1.range.lowerBound }
        var result: [FoundQuantity] = []
        var lastEnd = -1
        for unit in units where unit.range.lowerBound >= lastEnd && self.mayHaveNumber(before: unit) {
            guard let number = self.number(before: unit, found: found) else { continue }
            let entityID = unit.entity >= 0 ? self.table.ids[Int(unit.entity)] : nil
            let quantity = Quantity(
                range: number.start..<unit.range.upperBound, sentence: Int(unit.sentence), value: number.value,
                valueMax: number.valueMax, qualifier: number.qualifier, unitEntityID: entityID,
                unitText: self.text.string(unit.range))
            result.append(FoundQuantity(quantity: quantity, unitEntity: unit.entity))
            lastEnd = unit.range.upperBound
        }
        return result
    }

    /// A cheap test before reading words backwards: a digit, or a word that can be a number
    /// ("two", "dozens", "thousands"), in the 48 bytes before the unit.
    private func mayHaveNumber(before unit: Unit) -> Bool {
        let sentenceStart = self.text.sentences[Int(unit.sentence)].lowerBound
        let start = max(sentenceStart, unit.range.lowerBound - 48)
        var index = unit.range.lowerBound - 1
        var wordEnd = unit.range.lowerBound
        while index >= start {
            let byte = self.bytes[index]
            if ByteText.isDigit(byte) { return true }
            if !ByteText.isLowercase(byte | 0x20) {
                // A word just ended at index + 1 ..< wordEnd: is it a number word?
                let length = wordEnd - index - 1
                if length >= 3 && length <= 9 && self.numberWords.contains(self.bytes, (index + 1)..<wordEnd) { return true }
                wordEnd = index
            }
            index -= 1
        }
        let length = wordEnd - start
        return length >= 3 && length <= 9 && self.numberWords.contains(self.bytes, start..<wordEnd)
    }

    private func word(_ token: WordToken) -> String {
        token.range.count <= 15 ? ByteText.lowercasedWord(self.bytes, token.range) : ""
    }

    /// Reads modifiers, the number and its qualifier backwards from the unit.
    private func number(before unit: Unit, found: [Found]) -> Number? {
        let limit = self.text.sentences[Int(unit.sentence)].lowerBound
        var position = unit.range.lowerBound
        var adjectives = 0
        var sawOf = false
        // 1. Demonyms, determiners, "of" and up to two adjectives between number and unit.
        for _ in 0..<6 {
            guard let token = WordReader.previous(self.bytes, before: position, limit: limit), token.kind == .word else { break }
            if let mention = PeopleFinder.overlapping(found, token.range), mention.entity >= 0,
                self.table.types[Int(mention.entity)] == .country, Int(mention.end) == token.range.upperBound
            {
                position = Int(mention.start)
                continue
            }
            let word = self.word(token)
            if NumberWords.determiners.contains(word) && !sawOf {
                position = token.range.lowerBound
                continue
            }
            if word == "of" && !sawOf {
                sawOf = true
                position = token.range.lowerBound
                continue
            }
            if NumberWords.cardinals[word] != nil || NumberWords.scales[word] != nil || NumberWords.vague[word] != nil { break }
            let isAdjective = ByteText.isLowercase(self.bytes[token.range.lowerBound]) && !NumberWords.nonAdjectives.contains(word)
            guard isAdjective, adjectives < 2, !sawOf else { break }
            adjectives += 1
            position = token.range.lowerBound
        }
        // 2. The number.
        guard var number = self.readNumber(endingAt: position, limit: limit, followedByOf: sawOf) else { return nil }
        // 3. A qualifier.
        if number.qualifier == .exact, let qualified = self.qualifier(before: number.start, limit: limit) {
            number.qualifier = qualified.qualifier
            number.start = qualified.start
        }
        return number
    }

    private func readNumber(endingAt position: Int, limit: Int, followedByOf: Bool) -> Number? {
        guard let last = WordReader.previous(self.bytes, before: position, limit: limit) else { return nil }
        let lastWord = self.word(last)
        if let vague = NumberWords.vague[lastWord] {
            guard followedByOf else { return nil }
            var number = Number(start: last.range.lowerBound, value: vague, valueMax: nil, qualifier: .vague)
            // "tens of thousands of", "hundreds of thousands of".
            if let of = WordReader.previous(self.bytes, before: last.range.lowerBound, limit: limit), self.word(of) == "of",
                let multiplier = WordReader.previous(self.bytes, before: of.range.lowerBound, limit: limit)
            {
                let factor: Double? = self.word(multiplier) == "tens" ? 10 : NumberWords.vague[self.word(multiplier)]
                if let factor {
                    number.value *= factor
                    number.start = multiplier.range.lowerBound
                }
            }
            return number
        }
        var value: Double
        var start: Int
        if let scale = NumberWords.scales[lastWord], last.kind == .word {
            guard let base = WordReader.previous(self.bytes, before: last.range.lowerBound, limit: limit),
                let baseValue = self.value(of: base)
            else { return nil }
            value = baseValue * scale
            start = base.range.lowerBound
        } else if let plain = self.value(of: last) {
            if followedByOf && lastWord == "one" { return nil }
            if last.kind == .number && self.isYear(last) { return nil }
            value = plain
            start = last.range.lowerBound
        } else {
            return nil
        }
        guard value > 0 else { return nil }
        // A range: "5,000 to 7,000", "5,000-7,000", "between 5,000 and 7,000".
        if let joiner = WordReader.previous(self.bytes, before: start, limit: limit),
            ["to", "-", "and", "or"].contains(self.word(joiner)) || self.isDash(joiner),
            let low = WordReader.previous(self.bytes, before: joiner.range.lowerBound, limit: limit),
            let lowValue = self.value(of: low), lowValue < value, !(low.kind == .number && self.isYear(low))
        {
            var rangeStart = low.range.lowerBound
            if let between = WordReader.previous(self.bytes, before: rangeStart, limit: limit), self.word(between) == "between" {
                rangeStart = between.range.lowerBound
            }
            return Number(start: rangeStart, value: lowValue, valueMax: value, qualifier: .range)
        }
        return Number(start: start, value: value, valueMax: nil, qualifier: .exact)
    }

    private func isDash(_ token: WordToken) -> Bool {
        token.kind == .punctuation && (self.bytes[token.range.lowerBound] == UInt8(ascii: "-")
            || (token.range.count == 3 && self.bytes[token.range.lowerBound] == 0xE2))
    }

    /// The value of a digit token ("10,000", "2.5") or a number word ("two", "a dozen").
    private func value(of token: WordToken) -> Double? {
        if token.kind == .number {
            var digits = ""
            for index in token.range {
                let byte = self.bytes[index]
                if ByteText.isDigit(byte) || byte == UInt8(ascii: ".") {
                    digits.unicodeScalars.append(Unicode.Scalar(byte))
                } else if byte != UInt8(ascii: ",") {
                    return nil  // "152mm", "3rd": not a count
                }
            }
            return Double(digits)
        }
        guard token.kind == .word else { return nil }
        return NumberWords.cardinals[self.word(token)]
    }

    /// Four digits between 1900 and 2099 without a thousands comma: a year, not a count.
    private func isYear(_ token: WordToken) -> Bool {
        guard token.range.count == 4, let value = self.value(of: token) else { return false }
        return value >= 1900 && value <= 2099
    }

    private func qualifier(before start: Int, limit: Int) -> (qualifier: Quantity.Qualifier, start: Int)? {
        guard let previous = WordReader.previous(self.bytes, before: start, limit: limit), previous.kind == .word else { return nil }
        let word = self.word(previous)
        if let single = NumberWords.singleQualifiers[word] {
            // "an estimated", "well over": keep the whole phrase in the span.
            if let before = WordReader.previous(self.bytes, before: previous.range.lowerBound, limit: limit),
                let pair = NumberWords.pairQualifiers[self.word(before) + " " + word]
            {
                return (pair, before.range.lowerBound)
            }
            return (single, previous.range.lowerBound)
        }
        guard let before = WordReader.previous(self.bytes, before: previous.range.lowerBound, limit: limit) else { return nil }
        if word == "as", self.word(before) == "many",
            let first = WordReader.previous(self.bytes, before: before.range.lowerBound, limit: limit), self.word(first) == "as"
        {
            return (.upTo, first.range.lowerBound)
        }
        if let pair = NumberWords.pairQualifiers[self.word(before) + " " + word] { return (pair, before.range.lowerBound) }
        return nil
    }
}
