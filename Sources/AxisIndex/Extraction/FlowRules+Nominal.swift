extension FlowRules {
    /// "Iranian drones have been utilized in Russia's offensive": the user of foreign materiel received it.
    func useFlows(_ cue: CueHit, into partials: inout [PartialFlow]) {
        let trigger = Int(cue.start)..<Int(cue.end)
        let stop = self.stopper(after: trigger.upperBound)
        let passive = self.isPassive(trigger)
        let items = passive
            ? self.items(in: self.clauseStart(before: trigger.lowerBound)..<trigger.lowerBound)
            : self.items(in: trigger.upperBound..<stop)
        guard let first = items.first else { return }
        // "Iranian drones", or a designation's maker: "launched Khvason-11 missiles at Kyiv".
        let demonym = self.sentence.origin(of: first, in: self.text).flatMap { $0.isDemonym ? $0.country : nil }
        guard let originCountry = demonym ?? self.maker(of: [first], excluding: []) else { return }
        var users: [Int32] = []
        if passive {
            if let user = self.sentence.parties.first(where: {
                $0.range.lowerBound >= trigger.upperBound && $0.range.upperBound <= stop
                    && (!$0.previous.isDisjoint(with: [.by, .in]) || $0.isPossessive)
            }) {
                users = [user.country]
            }
        } else if let agent = self.agent(before: trigger.lowerBound, excluding: [originCountry]) {
            users = [agent]
        }
        guard let user = users.first, user != originCountry else { return }
        let madeThere = items.filter {
            self.sentence.origin(of: $0, in: self.text)?.country == originCountry || self.table.makerCountry[Int($0.entity)] == originCountry
        }
        partials.append(PartialFlow(
            suppliers: [originCountry], recipients: [user], items: madeThere,
            trigger: trigger, triggerIsPossible: false, isReceive: false))
    }

    /// "North Korea's military support for Russia", "military assistance to Ukraine",
    /// "North Korean military support is filling this gap": aid as a noun, without a verb.
    func aidFlow(_ item: FlowSentence.Item) -> PartialFlow? {
        guard self.table.isAidLike[Int(item.entity)], !self.isFollowedByActivity(item) else { return nil }
        let next = self.sentence.parties.first { $0.range.lowerBound >= item.range.upperBound }
        var recipients: [Int32] = []
        if let next, !next.previous.isDisjoint(with: [.to, .for]), self.wordCount(item.range.upperBound, next.range.lowerBound) <= 2 {
            recipients = self.coordinated(next)
        }
        var suppliers: [Int32] = []
        if let origin = self.sentence.origin(of: item, in: self.text), !recipients.contains(origin.country) {
            suppliers = [origin.country]
        } else if !recipients.isEmpty, let agent = self.agent(before: item.range.lowerBound, excluding: recipients) {
            suppliers = self.coordinated(agent)
        }
        guard !recipients.isEmpty || !suppliers.isEmpty else { return nil }
        return PartialFlow(
            suppliers: suppliers, recipients: recipients, items: [item], trigger: item.range, triggerIsPossible: false,
            isReceive: false)
    }

    /// "U.S.-provided weaponry": the party before the hyphen supplied the item after it.
    /// "Tehran arms the Houthis and Hezbollah": "arms" is the verb, right after its subject and
    /// before its object (the noun is what is supplied).
    func armsVerbFlow(_ item: FlowSentence.Item) -> PartialFlow? {
        let form = self.text.string(item.range)
        guard self.table.ids[Int(item.entity)] == "weapon:arms", Self.armsVerbForms.contains(form),
            let object = self.sentence.parties.first(where: { $0.range.lowerBound >= item.range.upperBound })
        else { return nil }
        // "Iran arms the Houthis"; a verb form further from its subject: "Tehran denies arming the group".
        let adjacent = self.sentence.parties.last { $0.range.upperBound <= item.range.lowerBound }
            .flatMap { self.onlySpaceBetween($0.range.upperBound, item.range.lowerBound) ? $0 : nil }
        let distant = form == "arms" ? nil : self.agentParty(before: item.range.lowerBound, excluding: [object.country])
        let objectFollows = adjacent == nil
            ? self.text.onlyArticlesBetween(item.range.upperBound, object.range.lowerBound)
            : self.wordCount(item.range.upperBound, object.range.lowerBound) <= 1
        guard let subject = adjacent ?? distant, objectFollows, object.country != subject.country else { return nil }
        return PartialFlow(
            suppliers: [subject.country], recipients: self.coordinated(object).filter { $0 != subject.country }, items: [item],
            trigger: item.range, triggerIsPossible: false, isReceive: false)
    }

    static let armsVerbForms: Set<String> = ["arms", "arm", "armed", "arming", "rearm", "rearmed", "rearming"]

    func suppliedByFlow(_ item: FlowSentence.Item) -> PartialFlow? {
        guard let party = self.sentence.parties.last(where: { $0.range.upperBound <= item.range.lowerBound }),
            party.hyphenSuffix.contains(.supplySuffix), !party.hyphenSuffix.contains(.made),
            self.wordCount(party.range.upperBound, item.range.lowerBound) <= 2
        else { return nil }
        let recipients = self.sentence.parties.filter { $0.isPossessive && $0.country != party.country }.map(\.country)
        return PartialFlow(
            suppliers: [party.country], recipients: Array(recipients.prefix(1)), items: [item],
            trigger: item.range, triggerIsPossible: false, isReceive: false)
    }

    /// "assistance in developing its space capabilities": the aid is the thing after it.
    private func isFollowedByActivity(_ item: FlowSentence.Item) -> Bool {
        guard let next = WordReader.next(self.text.bytes, from: item.range.upperBound, limit: self.sentence.range.upperBound),
            next.isWord, !ContextWord.of(self.text.bytes, next.range).isDisjoint(with: [.in, .with]),
            let after = WordReader.next(self.text.bytes, from: next.range.upperBound, limit: self.sentence.range.upperBound),
            after.isWord
        else { return false }
        return ContextWord.of(self.text.bytes, after.range).contains(.endsWithIng)
    }
}
