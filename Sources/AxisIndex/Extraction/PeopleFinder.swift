/// Finds people who are not in the gazetteer from how articles introduce them: after a
/// title or role ("Defense Minister X Y", "analyst X Y"), next to a reporting verb ("said X Y",
/// "X Y said", "according to X Y"), before an appositive ("X Y, a senior fellow at"), and on
/// byline lines ("By X Y", or a line holding only a name). Then finds their family names
/// alone elsewhere in the document ("Zhao" after "Tong Zhao").
struct PeopleFinder {
    let table: EntityTable
    let text: DocumentText

    var bytes: UnsafeBufferPointer<UInt8> { self.text.bytes }

    /// Adds the discovered people's mentions to `found` (kept sorted) and returns the people;
    /// the n-th person has entity index `-1 - n`.
    func find(found: inout [Found], cues: [CueHit]) -> [DiscoveredEntity] {
        var names: [(range: Range<Int>, tokens: [Range<Int>], sentence: Int32)] = []
        for cue in cues where cue.cue == .personTitle || cue.cue == .reportingVerb {
            let sentence = self.text.sentences[Int(cue.sentence)]
            if let name = self.nameAfter(Int(cue.end), sentence: sentence, found: found, allowOfClause: cue.cue == .personTitle) {
                names.append((name.range, name.tokens, cue.sentence))
            }
            let before = cue.cue == .personTitle
                ? self.nameBeforeAppositive(Int(cue.start), sentence: sentence, found: found)
                : self.nameBefore(Int(cue.start), sentence: sentence, found: found)
            if let name = before { names.append((name.range, name.tokens, cue.sentence)) }
        }
        for (index, sentence) in self.text.sentences.enumerated() where self.isWholeLine(sentence) {
            if let name = self.bylineName(sentence, found: found) { names.append((name.range, name.tokens, Int32(index))) }
        }
        var written: [(range: Range<Int>, person: DiscoveredEntity, sentence: Int32)] = names.map {
            ($0.range, DiscoveredEntity(tokens: $0.tokens.map { self.text.string($0) }), $0.sentence)
        }
        written += self.labelledNames(found: found, cues: cues)
        guard !written.isEmpty else { return [] }

        var people: [DiscoveredEntity] = []
        var indexByID: [String: Int] = [:]
        var added: [Found] = []
        for name in written {
            let person = name.person
            let index = indexByID[person.id] ?? {
                people.append(person)
                indexByID[person.id] = people.count - 1
                return people.count - 1
            }()
            if added.contains(where: { $0.start == Int32(name.range.lowerBound) }) { continue }
            added.append(Found(
                entity: Int32(-1 - index), start: Int32(name.range.lowerBound), end: Int32(name.range.upperBound),
                sentence: name.sentence, kind: .name))
        }
        // The full names replace short-form person mentions they cover ("Kim" in "Joseph Kim").
        found.removeAll { mention in
            added.contains { $0.start < mention.end && mention.start < $0.end }
        }
        found += added
        found.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
        self.addFamilyNames(of: people, to: &found)
        return people
    }

    // MARK: - Reading names

    func isNameToken(_ token: WordToken, found: [Found]) -> Bool {
        guard token.kind == .word else { return false }
        let first = self.bytes[token.range.lowerBound]
        guard ByteText.isUppercase(first) || (first == 0xC3 && SymbolAlphabet.isUppercase(self.bytes, at: token.range.lowerBound))
        else { return false }
        let length = token.range.count
        var hasLowercase = false
        for index in token.range {
            let byte = self.bytes[index]
            if ByteText.isDigit(byte) { return false }
            if ByteText.isLowercase(byte) || byte >= 0x80 { hasLowercase = true }
        }
        guard hasLowercase || length == 1 else { return false }
        if NameLexicon.notNames.contains(self.bytes, token.range) { return false }
        // Part of a gazetteer mention (other than a person's short form): not a new name.
        if let mention = Self.overlapping(found, token.range) {
            let entity = mention.entity
            return entity >= 0 && self.table.types[Int(entity)] == .person && mention.kind == .short
        }
        return true
    }

    func isParticle(_ token: WordToken) -> Bool {
        token.kind == .word && token.range.count <= 3
            && NameLexicon.particles.contains(self.bytes, token.range)
    }

    /// Up to four name tokens read forwards from `start`.
    func readForward(from start: Int, limit: Int, found: [Found]) -> [Range<Int>] {
        var tokens: [Range<Int>] = []
        var position = start
        while tokens.count < 4, let token = WordReader.next(self.bytes, from: position, limit: limit) {
            if self.isNameToken(token, found: found) {
                tokens.append(token.range)
                position = token.range.upperBound
                // An initial: "George W. Bush".
                if token.range.count == 1, position < limit, self.bytes[position] == UInt8(ascii: ".") {
                    tokens[tokens.count - 1] = token.range.lowerBound..<(position + 1)
                    position += 1
                }
                continue
            }
            if !tokens.isEmpty, self.isParticle(token),
                let following = WordReader.next(self.bytes, from: token.range.upperBound, limit: limit),
                self.isNameToken(following, found: found)
            {
                tokens.append(token.range)
                position = token.range.upperBound
                continue
            }
            break
        }
        return tokens
    }

    /// Up to four name tokens read backwards from `end`.
    private func readBackward(from end: Int, limit: Int, found: [Found]) -> [Range<Int>] {
        var tokens: [Range<Int>] = []
        var position = end
        while tokens.count < 4, let token = WordReader.previous(self.bytes, before: position, limit: limit) {
            if self.isNameToken(token, found: found) || (!tokens.isEmpty && self.isParticle(token)) {
                tokens.insert(token.range, at: 0)
                position = token.range.lowerBound
                continue
            }
            // An initial: "W." before "Bush".
            if token.kind == .punctuation, self.bytes[token.range.lowerBound] == UInt8(ascii: "."), !tokens.isEmpty,
                let initial = WordReader.previous(self.bytes, before: token.range.lowerBound, limit: limit),
                initial.range.count == 1, initial.range.upperBound == token.range.lowerBound,
                self.isNameToken(initial, found: found)
            {
                tokens.insert(initial.range.lowerBound..<token.range.upperBound, at: 0)
                position = initial.range.lowerBound
                continue
            }
            break
        }
        while let first = tokens.first, self.isParticle(WordToken(range: first, kind: .word)) { tokens.removeFirst() }
        return tokens
    }

    /// A name of two to four tokens, at least one of them not already a gazetteer mention.
    func accept(_ tokens: [Range<Int>], found: [Found]) -> (range: Range<Int>, tokens: [Range<Int>])? {
        var tokens = tokens
        while let last = tokens.last, self.isParticle(WordToken(range: last, kind: .word)) { tokens.removeLast() }
        guard tokens.count >= 2, let first = tokens.first, let last = tokens.last else { return nil }
        guard tokens.contains(where: { Self.overlapping(found, $0) == nil }) else { return nil }
        return (first.lowerBound..<last.upperBound, tokens)
    }

    private func nameAfter(
        _ offset: Int, sentence: Range<Int>, found: [Found], allowOfClause: Bool
    ) -> (range: Range<Int>, tokens: [Range<Int>])? {
        if let name = self.accept(self.readForward(from: offset, limit: sentence.upperBound, found: found), found: found) {
            return name
        }
        // "the Foreign Minister of the Republic of Korea, Cho Tae-yul": the name after the comma.
        guard allowOfClause, let next = WordReader.next(self.bytes, from: offset, limit: sentence.upperBound),
            ByteText.lowercasedWord(self.bytes, next.range) == "of"
        else { return nil }
        var position = next.range.upperBound
        for _ in 0..<10 {
            guard let token = WordReader.next(self.bytes, from: position, limit: sentence.upperBound) else { return nil }
            position = token.range.upperBound
            if token.kind == .punctuation && self.bytes[token.range.lowerBound] == UInt8(ascii: ",") {
                return self.accept(self.readForward(from: position, limit: sentence.upperBound, found: found), found: found)
            }
        }
        return nil
    }

    private func nameBefore(_ offset: Int, sentence: Range<Int>, found: [Found]) -> (range: Range<Int>, tokens: [Range<Int>])? {
        self.accept(self.readBackward(from: offset, limit: sentence.lowerBound, found: found), found: found)
    }

    /// "X Y, a senior fellow at ...": up to three lowercase words and a comma before the title.
    private func nameBeforeAppositive(
        _ offset: Int, sentence: Range<Int>, found: [Found]
    ) -> (range: Range<Int>, tokens: [Range<Int>])? {
        var position = offset
        for _ in 0..<4 {
            guard let token = WordReader.previous(self.bytes, before: position, limit: sentence.lowerBound) else { return nil }
            if token.kind == .punctuation && self.bytes[token.range.lowerBound] == UInt8(ascii: ",") {
                return self.accept(self.readBackward(from: token.range.lowerBound, limit: sentence.lowerBound, found: found), found: found)
            }
            guard token.kind == .word, ByteText.isLowercase(self.bytes[token.range.lowerBound]) else { return nil }
            position = token.range.lowerBound
        }
        return nil
    }

    // MARK: - Bylines

    func isWholeLine(_ sentence: Range<Int>) -> Bool {
        var before = sentence.lowerBound
        while before > 0, self.bytes[before - 1] == 0x20 || self.bytes[before - 1] == 0x09 { before -= 1 }
        var after = sentence.upperBound
        while after < self.bytes.count, self.bytes[after] == 0x20 || self.bytes[after] == 0x09 { after += 1 }
        return (before == 0 || self.bytes[before - 1] == 0x0A || self.bytes[before - 1] == 0x0D)
            && (after == self.bytes.count || self.bytes[after] == 0x0A || self.bytes[after] == 0x0D)
    }

    /// "By X Y" at the start of a line, or a line that is only "Given Family" (a common given name).
    private func bylineName(_ sentence: Range<Int>, found: [Found]) -> (range: Range<Int>, tokens: [Range<Int>])? {
        guard sentence.count <= 80, let first = WordReader.next(self.bytes, from: sentence.lowerBound, limit: sentence.upperBound)
        else { return nil }
        if ByteText.string(self.bytes, first.range) == "By" {
            return self.accept(self.readForward(from: first.range.upperBound, limit: sentence.upperBound, found: found), found: found)
        }
        let tokens = self.readForward(from: sentence.lowerBound, limit: sentence.upperBound, found: found)
        guard tokens.count >= 2, tokens.count <= 3, let last = tokens.last, last.upperBound == sentence.upperBound,
            NameLexicon.givenNames.contains(self.bytes, tokens[0])
        else { return nil }
        return self.accept(tokens, found: found)
    }

    // MARK: - Family names

    private func addFamilyNames(of people: [DiscoveredEntity], to found: inout [Found]) {
        var added: [Found] = []
        for (index, person) in people.enumerated() {
            for form in person.shortForms where form.utf8.count >= 2 {
            let pattern = Array(form.utf8)
            var position = 0
            while let start = self.firstOccurrence(of: pattern, from: position) {
                let end = start + pattern.count
                position = end
                let before = start == 0 || !ByteText.isLetterByte(self.bytes, at: start - 1)
                let after = end >= self.bytes.count || !ByteText.isLetterByte(self.bytes, at: end)
                guard before, after, Self.overlapping(found, start..<end) == nil else { continue }
                guard !added.contains(where: { Int($0.start) < end && start < Int($0.end) }) else { continue }
                added.append(Found(
                    entity: Int32(-1 - index), start: Int32(start), end: Int32(end),
                    sentence: Int32(self.text.sentence(containing: start)), kind: .short))
            }
            }
        }
        guard !added.isEmpty else { return }
        found += added
        found.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    }

    private func firstOccurrence(of pattern: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, start < self.bytes.count else { return nil }
        var position = start
        while position + pattern.count <= self.bytes.count {
            guard let hit = ByteSearch.firstIndex(of: first, in: self.bytes, from: position) else { return nil }
            if hit + pattern.count > self.bytes.count { return nil }
            var matches = true
            for offset in 1..<pattern.count where self.bytes[hit + offset] != pattern[offset] {
                matches = false
                break
            }
            if matches { return hit }
            position = hit + 1
        }
        return nil
    }

    /// The mention overlapping `range`, if any (`found` is sorted by start).
    static func overlapping(_ found: [Found], _ range: Range<Int>) -> Found? {
        var low = 0
        var high = found.count
        while low < high {
            let middle = (low + high) / 2
            if Int(found[middle].start) < range.upperBound { low = middle + 1 } else { high = middle }
        }
        // Mentions starting before the range's end; nested ones are short, so look back a little.
        var index = low - 1
        var steps = 0
        while index >= 0 && steps < 8 {
            if Int(found[index].end) > range.lowerBound { return found[index] }
            index -= 1
            steps += 1
        }
        return nil
    }
}
