extension FlowSentenceBuilder {
    /// Items no mention names but a verb implies: arms in "denies arming the group" (a party
    /// right after the verb, articles aside), money in "agreed to pay $1.75 billion" (a dollar
    /// amount among the three words after the verb). Their found index is negative and unique
    /// in the sentence, so they are never taken for a mention.
    func addImpliedItems(to built: inout FlowSentence) {
        for cue in built.cues where cue.cue == .armVerb || cue.cue == .payVerb {
            let range = Int(cue.start)..<Int(cue.end)
            guard !built.items.contains(where: { $0.range.overlaps(range) }) else { continue }
            let implied: Int32
            let span: Range<Int>
            if cue.cue == .armVerb {
                guard self.table.armsItem >= 0,
                    built.parties.contains(where: { $0.range.lowerBound >= range.upperBound && self.text.onlyArticlesBetween(range.upperBound, $0.range.lowerBound) })
                else { continue }
                implied = self.table.armsItem
                span = range
            } else {
                guard self.table.cashItem >= 0, let amount = self.dollarAmount(after: range.upperBound, limit: built.range.upperBound),
                    !built.items.contains(where: { $0.range.overlaps(amount) })
                else { continue }
                implied = self.table.cashItem
                span = amount
            }
            let item = FlowSentence.Item(entity: implied, range: span, foundIndex: -2 - span.lowerBound, isTentative: false)
            let position = built.items.firstIndex { $0.range.lowerBound > span.lowerBound } ?? built.items.count
            built.items.insert(item, at: position)
        }
    }

    /// "$1.75 billion", "around $400 million": a dollar sign within three words after `start`,
    /// with its number.
    private func dollarAmount(after start: Int, limit: Int) -> Range<Int>? {
        var position = start
        for _ in 0..<4 {
            guard let token = WordReader.next(self.text.bytes, from: position, limit: limit) else { return nil }
            if self.text.bytes[token.range.lowerBound] == UInt8(ascii: "$") {
                var end = token.range.upperBound
                while let next = WordReader.next(self.text.bytes, from: end, limit: limit), next.kind != .punctuation || self.text.bytes[next.range.lowerBound] != UInt8(ascii: ","),
                    next.range.lowerBound == end || next.range.lowerBound == end + 1,
                    next.kind == .number || ["million", "billion", "trillion"].contains(ByteText.lowercasedWord(self.text.bytes, next.range))
                {
                    end = next.range.upperBound
                }
                return token.range.lowerBound..<end
            }
            position = token.range.upperBound
        }
        return nil
    }
}
