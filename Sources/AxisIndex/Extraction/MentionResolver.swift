/// Turns raw matcher hits into mentions: checks the case policy, picks one sense per span
/// (short forms only where the document supports them), keeps the longest of overlapping
/// spans, and keeps names nested in descriptive spans ("U.S." in "U.S. intelligence").
struct MentionResolver {
    let patterns: PatternSet
    let table: EntityTable

    private struct Candidate {
        var hit: RawHit
        var sentence: Int32
        /// Bit i: the pattern's i-th sense passed the case check.
        var senseMask: UInt64
        var chosen: Int32 = -1
        var kind: FormKind = .short
        var isTentative = false
    }

    /// Resolves `hits` (which it first reorders in place, see `orderLongestFirst`).
    func resolve(_ hits: inout [RawHit], in text: DocumentText) -> (found: [Found], cues: [CueHit]) {
        Self.orderLongestFirst(&hits)
        var candidates: [Candidate] = []
        candidates.reserveCapacity(hits.count)
        var cues: [CueHit] = []
        cues.reserveCapacity(hits.count)
        // (entity, start) of every full-form (non-short) candidate, for short-form decisions.
        var fullForms: [FullForm] = []
        fullForms.reserveCapacity(hits.count)
        var sentence = 0
        for hit in hits {
            while sentence + 1 < text.sentences.count && text.sentences[sentence + 1].lowerBound <= Int(hit.start) {
                sentence += 1
            }
            let first = Int(self.patterns.senseStart[Int(hit.pattern)])
            let last = min(Int(self.patterns.senseStart[Int(hit.pattern) + 1]), first + 64)
            let symbolCount = Int(self.patterns.symbolStart[Int(hit.pattern) + 1] - self.patterns.symbolStart[Int(hit.pattern)])
            var mask: UInt64 = 0
            var cachedCaseMask: UInt64 = 0
            var cachedCaseResult = true
            for senseIndex in first..<last {
                let sense = self.patterns.senses[senseIndex]
                if let cue = sense.cue {
                    if let cueHit = self.cueHit(cue, hit, sentence: sentence, in: text) { cues.append(cueHit) }
                    continue
                }
                if sense.uppercaseMask != cachedCaseMask {
                    cachedCaseMask = sense.uppercaseMask
                    cachedCaseResult = CaseCheck.matches(
                        text.bytes, start: Int(hit.start), end: Int(hit.end), symbolCount: symbolCount,
                        uppercaseMask: sense.uppercaseMask)
                }
                guard cachedCaseResult else { continue }
                mask |= 1 << UInt64(senseIndex - first)
                if sense.kind != .short && self.table.isShortFormContext[Int(sense.target)] {
                    fullForms.append(FullForm(entity: sense.target, start: hit.start))
                }
            }
            if mask != 0 { candidates.append(Candidate(hit: hit, sentence: Int32(sentence), senseMask: mask)) }
        }
        Self.removeStopPhrases(&candidates, cues: cues, table: self.table, patterns: self.patterns)
        fullForms.sort { $0.entity != $1.entity ? $0.entity < $1.entity : $0.start < $1.start }
        self.chooseSenses(&candidates, fullForms: FullForms(sorted: fullForms))
        return (self.removeOverlaps(candidates, text: text), cues)
    }

    /// Puts the hits in order of starts, the longest first at one start, in place. The
    /// matcher yields them in order of starts with the shortest first, so usually only a few
    /// short runs are reversed; hits in any other order are sorted.
    static func orderLongestFirst(_ hits: inout [RawHit]) {
        guard hits.count > 1 else { return }
        var runStart = 0
        for index in 1...hits.count where index == hits.count || hits[index].start != hits[runStart].start {
            if index < hits.count && hits[index].start < hits[runStart].start {
                hits.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
                return
            }
            if index - runStart > 1 { Self.orderRunLongestFirst(&hits, runStart..<index) }
            runStart = index
        }
    }

    /// Orders hits sharing a start by descending end, keeping the matcher's order among equal
    /// ends. Runs are a few hits long (the forms of one name starting at one word), so an
    /// insertion sort beats a general sort and its closure.
    private static func orderRunLongestFirst(_ hits: inout [RawHit], _ run: Range<Int>) {
        for index in run.dropFirst() {
            let hit = hits[index]
            var position = index
            while position > run.lowerBound && hits[position - 1].end < hit.end {
                hits[position] = hits[position - 1]
                position -= 1
            }
            hits[position] = hit
        }
    }

    private static let inOrAs = WordTable<Bool>([("in", true), ("as", true)])

    /// A cue occurrence; "exchange"/"return" count only after "in" or "as" ("in exchange for"),
    /// which is checked here rather than matched, so the common word "in" never starts a match.
    private func cueHit(_ cue: Cue, _ hit: RawHit, sentence: Int, in text: DocumentText) -> CueHit? {
        // "anti-ship missiles", "long-delivered", "U.S.-supplied": a verb joined to the word
        // before by a hyphen is part of a modifier, not a verb (its flows, if any, come from
        // the modifier's own rule).
        if cue.isVerb, hit.start > 0, text.bytes[Int(hit.start) - 1] == UInt8(ascii: "-") { return nil }
        var start = hit.start
        if cue == .exchangeFor || cue == .exchangeAdverb {
            let limit = text.sentences.isEmpty ? 0 : text.sentences[sentence].lowerBound
            guard let previous = WordReader.previous(text.bytes, before: Int(hit.start), limit: limit),
                previous.range.count == 2, Self.inOrAs.contains(text.bytes, previous.range)
            else { return nil }
            start = Int32(previous.range.lowerBound)
        }
        return CueHit(cue: cue, start: start, end: hit.end, sentence: Int32(sentence))
    }

    /// Weapon senses inside a stop phrase ("tank" in "think tank") are not mentions.
    private static func removeStopPhrases(
        _ candidates: inout [Candidate], cues: [CueHit], table: EntityTable, patterns: PatternSet
    ) {
        for cue in cues where cue.cue == .stopPhrase {
            for index in candidates.indices
            where candidates[index].hit.start >= cue.start && candidates[index].hit.end <= cue.end {
                let first = Int(patterns.senseStart[Int(candidates[index].hit.pattern)])
                var mask = candidates[index].senseMask
                var bit = 0
                while mask >> UInt64(bit) != 0 {
                    if mask & (1 << UInt64(bit)) != 0, table.types[Int(patterns.senses[first + bit].target)] == .weapon {
                        mask &= ~(1 << UInt64(bit))
                    }
                    bit += 1
                }
                candidates[index].senseMask = mask
            }
        }
    }

    // MARK: - Choosing a sense

    private func chooseSenses(_ candidates: inout [Candidate], fullForms: FullForms) {
        var lastCountrySentence: Int32 = -1
        var lastCountry: Int32 = -1
        for position in candidates.indices {
            let candidate = candidates[position]
            let first = Int(self.patterns.senseStart[Int(candidate.hit.pattern)])
            var best = -1
            var bestKind = FormKind.short
            var hasShort = false
            var bit = 0
            var remaining = candidate.senseMask
            while remaining != 0 {
                if remaining & 1 != 0 {
                    let sense = self.patterns.senses[first + bit]
                    if sense.kind == .short {
                        hasShort = true
                    } else if best < 0 || sense.kind < bestKind {
                        best = first + bit
                        bestKind = sense.kind
                    }
                }
                remaining >>= 1
                bit += 1
            }
            if best < 0 && hasShort {
                let country = candidate.sentence == lastCountrySentence ? lastCountry : -1
                if let (chosen, tentative) = self.chooseShortSense(candidate, first: first, fullForms: fullForms, sentenceCountry: country) {
                    best = chosen
                    candidates[position].isTentative = tentative
                }
            }
            guard best >= 0 else { continue }
            let entity = self.patterns.senses[best].target
            candidates[position].chosen = entity
            candidates[position].kind = self.patterns.senses[best].kind
            let type = self.table.types[Int(entity)]
            if type == .country || (type == .place && self.table.partyCountry[Int(entity)] >= 0) {
                lastCountry = self.table.partyCountry[Int(entity)]
                lastCountrySentence = candidate.sentence
            }
        }
    }

    /// The sense of a short form that the document supports: an entity named in full (the one
    /// named last before this point if several are), a ministry of the country named just
    /// before it in the sentence, a leader whose surname is unique and whose country is named,
    /// a country or place whose capital/country is named, or, tentatively, a weapon class.
    private func chooseShortSense(
        _ candidate: Candidate, first: Int, fullForms: FullForms, sentenceCountry: Int32
    ) -> (sense: Int, tentative: Bool)? {
        var bestNamed = -1
        var bestDistance = Int64.max
        var fallback: (sense: Int, tentative: Bool)? = nil
        let start = Int64(candidate.hit.start)
        var personShortCount = 0
        var leaderSense = -1
        var bit = 0
        var remaining = candidate.senseMask
        while remaining != 0 {
            defer { remaining >>= 1; bit += 1 }
            guard remaining & 1 != 0 else { continue }
            let senseIndex = first + bit
            let entity = self.patterns.senses[senseIndex].target
            let type = self.table.types[Int(entity)]
            if type == .person { personShortCount += 1 }
            if let starts = fullForms.starts(of: entity) {
                // Prefer the entity named most recently before; otherwise the one named soonest after.
                for form in starts {
                    let fullStart = form.start
                    let distance = Int64(fullStart) <= start ? start - Int64(fullStart) : (Int64(fullStart) - start) << 32
                    if distance < bestDistance {
                        bestDistance = distance
                        bestNamed = senseIndex
                    }
                }
                continue
            }
            if self.table.isMinistry[Int(entity)] {
                if sentenceCountry >= 0 && self.table.ownCountry[Int(entity)] == sentenceCountry {
                    fallback = (senseIndex, false)
                }
                continue
            }
            switch type {
            case .person:
                if self.table.isLeader[Int(entity)] { leaderSense = senseIndex }
            case .country:
                let capital = self.table.capital[Int(entity)]
                if capital >= 0 && fullForms.contains(capital) && fallback == nil { fallback = (senseIndex, false) }
            case .place:
                let country = self.table.ownCountry[Int(entity)]
                if country >= 0 && fullForms.contains(country) && fallback == nil { fallback = (senseIndex, false) }
            case .weapon:
                if fallback == nil { fallback = (senseIndex, true) }
            default:
                break
            }
        }
        if bestNamed >= 0 { return (bestNamed, false) }
        if let fallback { return fallback }
        if personShortCount == 1 && leaderSense >= 0 {
            let country = self.table.ownCountry[Int(self.patterns.senses[leaderSense].target)]
            if country >= 0 && fullForms.contains(country) { return (leaderSense, false) }
        }
        return nil
    }

    // MARK: - Overlaps and nesting

    private func removeOverlaps(_ candidates: [Candidate], text: DocumentText) -> [Found] {
        var result: [Found] = []
        result.reserveCapacity(candidates.count)
        var top = -1
        var lastNestedEnd: Int32 = -1
        for candidate in candidates where candidate.chosen >= 0 {
            let found = Found(
                entity: candidate.chosen, start: candidate.hit.start, end: candidate.hit.end,
                sentence: candidate.sentence, kind: candidate.kind, isTentative: candidate.isTentative)
            if top < 0 || found.start >= result[top].end {
                result.append(found)
                top = result.count - 1
                lastNestedEnd = -1
                continue
            }
            let container = result[top]
            if found.end <= container.end {
                if found.start >= lastNestedEnd && self.nests(found, in: container, text: text) {
                    var nested = found
                    nested.isNested = true
                    result.append(nested)
                    lastNestedEnd = found.end
                }
                continue
            }
            // A partial overlap: the longer span wins.
            if found.end - found.start > container.end - container.start {
                result.removeSubrange(top...)
                result.append(found)
                top = result.count - 1
                lastNestedEnd = -1
            }
        }
        return result
    }

    private func nests(_ inner: Found, in container: Found, text: DocumentText) -> Bool {
        let innerType = self.table.types[Int(inner.entity)]
        guard !inner.isTentative else { return false }
        switch self.table.nesting[Int(container.entity)] {
        case .none:
            return false
        case .event:
            return innerType == .country || innerType == .place || innerType == .org
        case .descriptiveCountries:
            guard innerType == .country || innerType == .place else { return false }
            // "U.S. intelligence" is a description around a name; "Security Council of Russia" is a name.
            return !text.hasUppercase(Int(container.start)..<Int(inner.start))
                && !text.hasUppercase(Int(inner.end)..<Int(container.end))
        }
    }
}
