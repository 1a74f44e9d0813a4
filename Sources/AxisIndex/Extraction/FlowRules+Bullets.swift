/// Lists under a heading, as explainers write them:
///
/// ```
/// What flows to Russia?
/// - North Korea: millions of artillery shells, KN-23 missiles and some 11,000 troops.
/// - Iran: Shahed drones and artillery ammunition.
/// What flows back?
/// - To Iran: Yak-130s and Mi-28 helicopters from Russia.
/// ```
///
/// A bullet that opens with a party and a colon lists what that party supplies, to the party
/// the heading sends things to ("to Russia"); a bullet that opens with "To" and a party lists
/// what that party receives, from the party the bullet or the heading names after "from", or
/// else from the goods' origin ("Russian oil"). A heading that says NOT or no ("What is not a
/// transfer?") lists nothing.
extension FlowRules {
    /// Headings are looked for this many sentences back, over other bullets.
    static let bulletHeadingReach = 12

    /// Whether the sentence at `range` is a list line: a dash or a bullet, then a space.
    static func isBulletLine(_ text: DocumentText, _ range: Range<Int>) -> Bool {
        var position = range.lowerBound
        while position < range.upperBound, text.bytes[position] == UInt8(ascii: " ") { position += 1 }
        guard position + 1 < range.upperBound else { return false }
        let first = text.bytes[position]
        if (first == UInt8(ascii: "-") || first == UInt8(ascii: "*")) && text.bytes[position + 1] == UInt8(ascii: " ") { return true }
        // "•" and "–" (UTF-8 e2 80 a2, e2 80 93), then a space.
        if first == 0xE2, position + 3 < range.upperBound, text.bytes[position + 1] == 0x80,
            text.bytes[position + 2] == 0xA2 || text.bytes[position + 2] == 0x93, text.bytes[position + 3] == UInt8(ascii: " ")
        {
            return true
        }
        return false
    }

    /// Whether the sentence at `range` may be a route line, "Russia to Iran: Yak-130s ...": a
    /// colon in its first 48 bytes with " to " before it (`routeFlow` decides).
    static func mayBeRouteLine(_ text: DocumentText, _ range: Range<Int>) -> Bool {
        let end = min(range.upperBound, range.lowerBound + 48)
        guard let colon = ByteSearch.firstIndex(of: UInt8(ascii: ":"), in: text.bytes, from: range.lowerBound, before: end) else {
            return false
        }
        var position = range.lowerBound
        while position + 4 <= colon {
            if text.bytes[position] == UInt8(ascii: " "), text.bytes[position + 1] | 0x20 == UInt8(ascii: "t"),
                text.bytes[position + 2] | 0x20 == UInt8(ascii: "o"), text.bytes[position + 3] == UInt8(ascii: " ")
            {
                return true
            }
            position += 1
        }
        return false
    }

    /// "Russia to North Korea: oil, food and cash" (a bullet or a line of its own): the line
    /// names both parties before its colon.
    func routeFlow() -> PartialFlow? {
        let parties = self.sentence.parties
        guard parties.count >= 2, let lead = parties.first, !lead.isDemonym,
            lead.range.lowerBound - self.sentence.range.lowerBound <= 8
        else { return nil }
        let second = parties[1]
        guard second.previous.contains(.to), second.country != lead.country, !second.isDemonym,
            self.onlyWords(["to"], between: lead.range.upperBound, and: second.range.lowerBound),
            let colon = self.colon(after: second.range.upperBound)
        else { return nil }
        let items = self.sentence.items.filter { $0.range.lowerBound > colon }
        guard !items.isEmpty else { return nil }
        return PartialFlow(
            suppliers: [lead.country], recipients: [second.country], items: items,
            trigger: lead.range.lowerBound..<(colon + 1), triggerIsPossible: false, isReceive: false)
    }

    private func onlyWords(_ words: [String], between start: Int, and end: Int) -> Bool {
        var position = start
        while let token = WordReader.next(self.text.bytes, from: position, limit: end) {
            guard token.isWord, words.contains(ByteText.lowercasedWord(self.text.bytes, token.range)) else { return false }
            position = token.range.upperBound
        }
        return true
    }

    /// The flow a "- Party: items" or "- To Party: items" bullet states, if this sentence is
    /// one; a bullet without a party under a heading that names both sides ("What goes from
    /// Iran to Russia") lists what flows between them.
    func bulletFlow() -> PartialFlow? {
        if Self.mayBeRouteLine(self.text, self.sentence.range), let route = self.routeFlow() { return route }
        guard Self.isBulletLine(self.text, self.sentence.range) else { return nil }
        guard let lead = self.sentence.parties.first,
            lead.range.lowerBound - self.sentence.range.lowerBound <= 8, !lead.isDemonym,
            let colon = self.colon(after: lead.range.upperBound)
        else {
            guard let heading = self.heading(), !heading.isNegative, let from = heading.from, let to = heading.to, from != to,
                !self.sentence.items.isEmpty
            else { return nil }
            let start = self.sentence.range.lowerBound
            return PartialFlow(
                suppliers: [from], recipients: [to], items: self.sentence.items, trigger: start..<(start + 1),
                triggerIsPossible: false, isReceive: false)
        }
        let items = self.sentence.items.filter { $0.range.lowerBound > colon }
        guard !items.isEmpty else { return nil }
        let heading = self.heading()
        if heading?.isNegative == true { return nil }
        let trigger = lead.range.lowerBound..<(colon + 1)
        if lead.previous.contains(.to) {
            // "- To Iran: Yak-130s and Mi-28 helicopters from Russia."
            let named = self.sentence.parties.first { $0.range.lowerBound > colon && $0.previous.contains(.from) }?.country
            let origin = items.first.flatMap { self.sentence.origin(of: $0, in: self.text) }?.country
            guard let supplier = named ?? origin ?? heading?.from, supplier != lead.country else { return nil }
            return PartialFlow(suppliers: [supplier], recipients: [lead.country], items: items, trigger: trigger, triggerIsPossible: false, isReceive: false)
        }
        guard let recipient = heading?.to, recipient != lead.country else { return nil }
        return PartialFlow(suppliers: [lead.country], recipients: [recipient], items: items, trigger: trigger, triggerIsPossible: false, isReceive: false)
    }

    /// The byte offset of a colon right after `end` (spaces allowed before it), if any.
    private func colon(after end: Int) -> Int? {
        var position = end
        while position < self.sentence.range.upperBound, self.text.bytes[position] == UInt8(ascii: " ") { position += 1 }
        guard position < self.sentence.range.upperBound, self.text.bytes[position] == UInt8(ascii: ":") else { return nil }
        return position
    }

    /// A line of its own, without closing punctuation and at most 14 words: "What goes from
    /// Iran to Russia".
    private func isHeadingLine(_ range: Range<Int>, last: Int) -> Bool {
        let bytes = self.text.bytes
        guard last >= range.lowerBound, ![UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: ";"), UInt8(ascii: ",")].contains(bytes[last]),
            range.lowerBound == 0 || bytes[range.lowerBound - 1] == UInt8(ascii: "\n"),
            range.upperBound >= bytes.count || bytes[range.upperBound] == UInt8(ascii: "\n")
        else { return false }
        return self.text.tokenCount(range.lowerBound, range.upperBound, cap: 15) <= 14
    }

    struct BulletHeading {
        var to: Int32?
        var from: Int32?
        var isNegative: Bool
    }

    /// The nearest line before the bullets that ends with "?" or ":" (a heading), with the
    /// parties it names after "to" and "from"; nil when prose comes first.
    private func heading() -> BulletHeading? {
        guard let previousSentences = self.previousSentences else { return nil }
        var index = self.sentence.index - 1
        while index >= 0, index >= self.sentence.index - Self.bulletHeadingReach {
            let range = self.text.sentences[index]
            defer { index -= 1 }
            if Self.isBulletLine(self.text, range) { continue }
            var last = range.upperBound - 1
            while last > range.lowerBound, self.text.bytes[last] == UInt8(ascii: " ") || self.text.bytes[last] == UInt8(ascii: "\n") {
                last -= 1
            }
            let marked = last >= range.lowerBound && (self.text.bytes[last] == UInt8(ascii: "?") || self.text.bytes[last] == UInt8(ascii: ":"))
            guard marked || self.isHeadingLine(range, last: last) else {
                // A caption between the heading and its bullets is passed over.
                if self.text.bytes[range.lowerBound] == UInt8(ascii: "[") { continue }
                return nil
            }
            let words = self.text.string(range).lowercased()
            let negative = words.split(whereSeparator: { !$0.isLetter }).contains { $0 == "not" || $0 == "no" }
            let parties = previousSentences.sentence(index)?.parties ?? []
            return BulletHeading(
                to: parties.first { $0.previous.contains(.recipientMarker) }?.country,
                from: parties.first { $0.previous.contains(.from) }?.country, isNegative: negative)
        }
        return nil
    }
}
