/// People named by the layout of the text rather than by a title or a reporting verb:
/// transcript speaker labels ("DANA WHITFIELD, ANCHOR:", then "WHITFIELD:"), sanctions lists
/// that write the family name first in capitals ("KARIMI, Hossein Reza (a.k.a. ...)"), and
/// credits ("Reporting by X in Seoul and Y in Stockholm; Editing by Z").
extension PeopleFinder {
    /// Words that label a speaker's role, never a name ("ANCHOR:", "HOST:").
    static let roleLabels: Set<String> = [
        "anchor", "host", "reporter", "correspondent", "narrator", "interviewer", "moderator", "question", "answer",
        "caller", "voice", "announcer", "speaker", "unidentified", "male", "female", "translator", "interpreter",
        "guest", "presenter", "both", "all", "crosstalk", "end", "break", "transcript", "note", "update", "breaking",
        "editor", "source", "update", "analysis", "correction", "video", "audio", "photo", "caption", "live",
    ]

    /// Reads only where the layout can name someone: a line's first word in capitals, a
    /// credit's "by" (a cue), a line opening with "By"; no pass over every word of the text.
    func labelledNames(found: [Found], cues: [CueHit]) -> [(range: Range<Int>, person: DiscoveredEntity, sentence: Int32)] {
        var result: [(range: Range<Int>, person: DiscoveredEntity, sentence: Int32)] = []
        for (index, sentence) in self.text.sentences.enumerated() where self.startsLine(sentence.lowerBound) {
            guard let first = WordReader.next(self.bytes, from: sentence.lowerBound, limit: sentence.upperBound), first.kind == .word else { continue }
            if ByteText.string(self.bytes, first.range) == "By" {
                result += self.credits(after: first.range.upperBound, in: sentence, found: found).map { ($0.range, $0.person, Int32(index)) }
                continue
            }
            guard self.isCapitalsWord(first, found: found) else { continue }
            if let label = self.speakerLabel(sentence, found: found) { result.append((label.range, label.person, Int32(index))) }
            if let listed = self.familyFirst(at: sentence.lowerBound, in: sentence, found: found) {
                result.append((listed.range, listed.person, Int32(index)))
                // "(a.k.a. KARIMI, Hossein)": the other name the same entry gives.
                result += self.akaNames(in: sentence, found: found).map { ($0.range, $0.person, Int32(index)) }
            }
        }
        for cue in cues where cue.cue == .creditBy {
            let sentence = self.text.sentences[Int(cue.sentence)]
            result += self.credits(after: Int(cue.end), in: sentence, found: found).map { ($0.range, $0.person, cue.sentence) }
        }
        return result
    }

    private func startsLine(_ position: Int) -> Bool {
        var before = position
        while before > 0, self.bytes[before - 1] == 0x20 || self.bytes[before - 1] == 0x09 { before -= 1 }
        return before == 0 || self.bytes[before - 1] == 0x0A || self.bytes[before - 1] == 0x0D
    }

    /// A word in capitals of two letters or more ("WHITFIELD", "SEUNG-HO"), no gazetteer mention.
    private func isCapitalsWord(_ token: WordToken, found: [Found]) -> Bool {
        guard token.kind == .word, token.range.count >= 2 else { return false }
        var letters = 0
        for index in token.range {
            let byte = self.bytes[index]
            if ByteText.isLowercase(byte) || ByteText.isDigit(byte) || byte >= 0x80 { return false }
            if ByteText.isUppercase(byte) { letters += 1 }
        }
        return letters >= 2 && Self.overlapping(found, token.range) == nil
    }

    private func titleCased(_ range: Range<Int>) -> String {
        var result = ""
        var startOfPart = true
        for index in range {
            let character = Character(UnicodeScalar(self.bytes[index]))
            result.append(startOfPart ? character : Character(character.lowercased()))
            startOfPart = character == "-" || character == "'"
        }
        return result
    }

    /// "DANA WHITFIELD, ANCHOR:" or "HWANG SEUNG-HO:" opening a line: two or three words in
    /// capitals, then a colon (or a comma, a role in capitals and a colon).
    private func speakerLabel(_ sentence: Range<Int>, found: [Found]) -> (range: Range<Int>, person: DiscoveredEntity)? {
        var tokens: [Range<Int>] = []
        var position = sentence.lowerBound
        var next = WordReader.next(self.bytes, from: position, limit: sentence.upperBound)
        while let token = next, tokens.count < 4, self.isCapitalsWord(token, found: found) {
            guard !Self.roleLabels.contains(ByteText.lowercasedWord(self.bytes, token.range)) else { return nil }
            tokens.append(token.range)
            position = token.range.upperBound
            next = WordReader.next(self.bytes, from: position, limit: sentence.upperBound)
        }
        guard tokens.count >= 2, tokens.count <= 3, let mark = next, mark.kind == .punctuation else { return nil }
        let markByte = self.bytes[mark.range.lowerBound]
        if markByte == UInt8(ascii: ",") {
            // ", ANCHOR:", ", CORRESPONDENT:".
            guard let role = WordReader.next(self.bytes, from: mark.range.upperBound, limit: sentence.upperBound), role.kind == .word,
                let colon = WordReader.next(self.bytes, from: role.range.upperBound, limit: sentence.upperBound),
                colon.kind == .punctuation, self.bytes[colon.range.lowerBound] == UInt8(ascii: ":")
            else { return nil }
        } else if markByte != UInt8(ascii: ":") {
            return nil
        }
        let words = tokens.map { self.titleCased($0) }
        let familyIndex = NameLexicon.familyName(of: words).flatMap { words.firstIndex(of: $0) } ?? (words.count - 1)
        let family = self.text.string(tokens[familyIndex])
        var others = [words[familyIndex]]
        if familyIndex == words.count - 1 { others.append(words[0]) }
        let person = DiscoveredEntity(ordered: words, family: family, otherForms: others)
        guard let first = tokens.first, let last = tokens.last else { return nil }
        return (first.lowerBound..<last.upperBound, person)
    }

    /// "KARIMI, Hossein Reza" at `start`: a family name in capitals, a comma, one to three
    /// given names, then a bracket, comma, semicolon or the end.
    private func familyFirst(at start: Int, in sentence: Range<Int>, found: [Found]) -> (range: Range<Int>, person: DiscoveredEntity)? {
        guard let family = WordReader.next(self.bytes, from: start, limit: sentence.upperBound), self.isCapitalsWord(family, found: found),
            let comma = WordReader.next(self.bytes, from: family.range.upperBound, limit: sentence.upperBound),
            comma.kind == .punctuation, self.bytes[comma.range.lowerBound] == UInt8(ascii: ",")
        else { return nil }
        var given: [Range<Int>] = []
        var position = comma.range.upperBound
        var next = WordReader.next(self.bytes, from: position, limit: sentence.upperBound)
        while let token = next, given.count < 3, self.isNameToken(token, found: found) {
            given.append(token.range)
            position = token.range.upperBound
            next = WordReader.next(self.bytes, from: position, limit: sentence.upperBound)
        }
        guard let last = given.last else { return nil }
        if let after = next {
            guard after.kind == .punctuation, [UInt8(ascii: "("), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")")].contains(self.bytes[after.range.lowerBound])
            else { return nil }
        }
        let familyText = self.text.string(family.range)
        let person = DiscoveredEntity(
            ordered: given.map { self.text.string($0) } + [self.titleCased(family.range)], family: familyText, otherForms: [])
        return (family.range.lowerBound..<last.upperBound, person)
    }

    /// "(a.k.a. KARIMI, Hossein)": the other name a sanctions list gives.
    private func akaNames(in sentence: Range<Int>, found: [Found]) -> [(range: Range<Int>, person: DiscoveredEntity)] {
        var result: [(range: Range<Int>, person: DiscoveredEntity)] = []
        var position = sentence.lowerBound
        while let token = WordReader.next(self.bytes, from: position, limit: sentence.upperBound) {
            position = token.range.upperBound
            guard token.kind == .word, ["a.k.a", "aka", "a"].contains(ByteText.lowercasedWord(self.bytes, token.range)) else { continue }
            // "a.k.a." may read as one word or as letters and stops: skip to the first capitals word.
            var cursor = token.range.upperBound
            for _ in 0..<8 {
                guard let next = WordReader.next(self.bytes, from: cursor, limit: sentence.upperBound) else { break }
                if self.isCapitalsWord(next, found: found) {
                    if let listed = self.familyFirst(at: next.range.lowerBound, in: sentence, found: found) { result.append(listed) }
                    break
                }
                guard next.kind == .punctuation || next.range.count == 1 else { break }
                cursor = next.range.upperBound
            }
        }
        return result
    }

    /// "Reporting by Han Ji-won in Seoul and Peter Lindqvist in Stockholm; Editing by Maria
    /// Okafor", "By X and Y": the names after a credit's "by" (at `start`).
    private func credits(after start: Int, in sentence: Range<Int>, found: [Found]) -> [(range: Range<Int>, person: DiscoveredEntity)] {
        var result: [(range: Range<Int>, person: DiscoveredEntity)] = []
        var cursor = start
        for _ in 0..<4 {
            guard let name = self.accept(self.readForward(from: cursor, limit: sentence.upperBound, found: found), found: found) else { break }
            result.append((name.range, DiscoveredEntity(tokens: name.tokens.map { self.text.string($0) })))
            cursor = name.range.upperBound
            // "in Seoul": where the reporter was.
            if let word = WordReader.next(self.bytes, from: cursor, limit: sentence.upperBound), word.kind == .word,
                ByteText.lowercasedWord(self.bytes, word.range) == "in",
                let place = WordReader.next(self.bytes, from: word.range.upperBound, limit: sentence.upperBound), place.kind == .word
            {
                cursor = place.range.upperBound
            }
            guard let joiner = WordReader.next(self.bytes, from: cursor, limit: sentence.upperBound),
                (joiner.kind == .word && ByteText.lowercasedWord(self.bytes, joiner.range) == "and")
                    || (joiner.kind == .punctuation && self.bytes[joiner.range.lowerBound] == UInt8(ascii: ","))
            else { break }
            cursor = joiner.range.upperBound
        }
        return result
    }
}
