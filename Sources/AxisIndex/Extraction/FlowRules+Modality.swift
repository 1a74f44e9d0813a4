extension FlowRules {
    /// How the sentence presents the transfer, with the guidelines' precedence
    /// denied > possible > reported > asserted:
    /// - denied: a negation just before the verb ("have not directly supplied"), or a denial
    ///   anywhere before it ("have denied offering", "discouraged ... from providing");
    /// - possible: a modal, expectation or commitment shortly before the verb ("is expected to
    ///   receive", "promise to provide"), a hedge on the item ("potentially up to 10,000 troops"),
    ///   or a verb that is itself a commitment ("pledged", "requested");
    /// - reported: attribution anywhere in the sentence ("according to", "it seems", "is believed").
    func modality(trigger: Range<Int>, item: FlowSentence.Item, triggerIsPossible: Bool) -> Flow.Modality {
        var reported = false
        var possible = triggerIsPossible || self.isHedged(item)
        for cue in self.sentence.cues {
            let start = Int(cue.start)
            let end = Int(cue.end)
            if start == trigger.lowerBound { continue }
            switch cue.cue {
            case .negation:
                if end <= trigger.lowerBound && trigger.lowerBound - end <= 24 { return .denied }
                // "sells weapons to neither side".
                if start >= trigger.upperBound,
                    self.sentence.cues.contains(where: { $0.cue == .standInSides && Int($0.start) > end && Int($0.start) - end <= 2 })
                {
                    return .denied
                }
                if end <= item.range.lowerBound && item.range.lowerBound - end <= 4 { return .denied }
            case .denial:
                if end <= trigger.lowerBound { return .denied }
            case .possible:
                if end <= trigger.lowerBound && trigger.lowerBound - end <= 48 { possible = true }
            case .reported:
                if end <= trigger.lowerBound || start >= trigger.upperBound { reported = true }
            default:
                break
            }
        }
        if possible { return .possible }
        return reported ? .reported : .asserted
    }

    /// "potential assistance", "possible deployment", "potentially up to 10,000 troops": a hedge
    /// among the five words before the item. Read only when a flow is emitted, which few
    /// sentences with an item reach.
    private func isHedged(_ item: FlowSentence.Item) -> Bool {
        var position = item.range.lowerBound
        for _ in 0..<5 {
            guard let token = WordReader.previous(self.text.bytes, before: position, limit: self.sentence.range.lowerBound),
                token.kind == .word || token.kind == .number
            else { return false }
            let word = ContextWord.of(self.text.bytes, token.range)
            if word.contains(.hedge) { return true }
            if !word.isDisjoint(with: [.and, .or]) { return false }
            position = token.range.lowerBound
        }
        return false
    }
}
