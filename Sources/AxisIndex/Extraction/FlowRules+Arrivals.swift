extension FlowRules {
    /// Objects that stand for the goods of the sentence before: "North Korea sent them".
    static let objectPronouns = WordTable<Bool>.words(["them", "it", "these", "those"])

    /// The word right after `position` when it is one of `objectPronouns`.
    static func objectPronoun(after position: Int, in bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> WordToken? {
        guard let next = WordReader.next(bytes, from: position, limit: limit), next.isWord,
            Self.objectPronouns.contains(bytes, next.range)
        else { return nil }
        return next
    }

    func objectIsPronoun(after trigger: Range<Int>) -> Bool {
        guard let next = Self.objectPronoun(after: trigger.upperBound, in: self.text.bytes, limit: self.sentence.range.upperBound) else {
            return false
        }
        // "provides it with arms": the pronoun is whom the goods go to.
        guard let after = WordReader.next(self.text.bytes, from: next.range.upperBound, limit: self.sentence.range.upperBound) else { return true }
        return !(after.isWord && ContextWord.of(self.text.bytes, after.range).contains(.with))
    }

    /// "fighting for Russia", "fought alongside Russian forces": the party right after the
    /// verb phrase is the one the troops serve.
    func fightsFor(_ trigger: Range<Int>, before stop: Int) -> Int32? {
        let phrase = ByteText.lowercasedWord(self.text.bytes, trigger)
        guard phrase.hasSuffix(" for") || phrase.hasSuffix(" alongside") || phrase.hasSuffix(" with") else { return nil }
        return self.sentence.parties.first {
            $0.range.lowerBound >= trigger.upperBound && $0.range.upperBound <= stop && self.text.onlyArticlesBetween(trigger.upperBound, $0.range.lowerBound)
        }?.country
    }

    /// Goods that arrived: "Shells from North Korea have been arriving in Russia by rail". The
    /// items are the clause's subject; the supplier is named by "from" before the verb (or is
    /// the goods' origin or maker); the recipient is where they arrived ("in", "at", "into").
    /// - Returns: whether the sentence reads so.
    func arrivalFlows(_ cue: CueHit, into partials: inout [PartialFlow]) -> Bool {
        let trigger = Int(cue.start)..<Int(cue.end)
        let start = self.clauseStart(before: trigger.lowerBound)
        let items = self.items(in: start..<trigger.lowerBound)
        guard !items.isEmpty else { return false }
        let stop = self.stopper(after: trigger.upperBound)
        var recipients = self.parties(after: trigger.upperBound, before: stop, markedBy: [.in, .into, .to, .recipientMarker])
        if recipients.isEmpty, let place = self.placeRecipient(after: trigger.upperBound, before: stop, excluding: []) { recipients = [place] }
        var suppliers = self.parties(after: start, before: trigger.lowerBound, markedBy: .from)
        if suppliers.isEmpty, let origin = items.first.flatMap({ self.sentence.origin(of: $0, in: self.text) }), !recipients.contains(origin.country) {
            suppliers = [origin.country]
        }
        if suppliers.isEmpty, let maker = self.maker(of: items, excluding: recipients) { suppliers = [maker] }
        guard !suppliers.isEmpty || !recipients.isEmpty else { return false }
        partials.append(PartialFlow(
            suppliers: suppliers, recipients: recipients, items: items, trigger: trigger, triggerIsPossible: false, isReceive: false))
        return true
    }

    /// "Most of the shells Russia fires now come from North Korea": the goods before the verb
    /// come from the party after "from"; the recipient is the clause's other party.
    func comeFromFlows(_ cue: CueHit, into partials: inout [PartialFlow]) {
        let trigger = Int(cue.start)..<Int(cue.end)
        let stop = self.stopper(after: trigger.upperBound)
        let sources = self.sentence.parties.filter { $0.range.lowerBound >= trigger.upperBound && $0.range.upperBound <= stop && !$0.isNested }
        guard let source = sources.first else { return }
        let suppliers = self.coordinated(source)
        // The subject's goods may lie behind a relative clause ("the shells Russia fires").
        let items = self.sentence.items.filter { $0.range.upperBound <= trigger.lowerBound }
        guard !items.isEmpty else { return }
        var recipients: [Int32] = []
        if let user = self.agentParty(before: trigger.lowerBound, excluding: suppliers) { recipients = [user.country] }
        partials.append(PartialFlow(
            suppliers: suppliers, recipients: recipients, items: items, trigger: trigger, triggerIsPossible: false, isReceive: false))
    }
}
