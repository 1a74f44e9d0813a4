/// The rules that read transfers out of one sentence (see `FlowFinder`). A class: the rules
/// pass themselves to many small closures, and each capture of a struct of these fields
/// copied (retained and released) all of them; a reference is one count.
final class FlowRules {
    let table: EntityTable
    let text: DocumentText
    let sentence: FlowSentence
    /// Where the sentence before comes from (nil: no sentence before is looked at).
    let previousSentences: PreviousSentences?

    init(table: EntityTable, text: DocumentText, sentence: FlowSentence, previousSentences: PreviousSentences?) {
        self.table = table
        self.text = text
        self.sentence = sentence
        self.previousSentences = previousSentences
    }

    /// The sentence before this one, if it names a party or an item.
    var previous: FlowSentence? { self.previousSentences?.sentence(self.sentence.index - 1) }

    private var bytes: UnsafeBufferPointer<UInt8> { self.text.bytes }

    /// The sentence opens with "In return" / "In exchange": it answers a transfer stated before.
    var startsWithExchange: Bool {
        self.sentence.cues.contains { $0.cue == .exchangeAdverb && Int($0.start) - self.sentence.range.lowerBound <= 12 }
    }

    // MARK: - Partial flows

    /// Fills `buffers.partials` with the sentence's partial flows (the buffers are reused
    /// from sentence to sentence, so a sentence costs no new arrays for them).
    func partialFlows(into buffers: inout PartialFlowBuffers) {
        buffers.partials.removeAll(keepingCapacity: true)
        buffers.usedItems.removeAll(keepingCapacity: true)
        if let bullet = self.bulletFlow() {
            // "- Party: items" under a heading: the list's layout says who gives what to whom,
            // whatever verbs the line holds ("Russia's imported machine tools").
            for item in bullet.items { buffers.usedItems.append(item.foundIndex) }
            buffers.partials.append(bullet)
            return
        }
        for cue in self.sentence.cues {
            buffers.produced.removeAll(keepingCapacity: true)
            if (cue.cue == .supplyVerb || cue.cue == .transferNoun), self.isNotATransfer(cue) { continue }
            switch cue.cue {
            case .supplyVerb: self.supplyFlows(cue, into: &buffers.produced)
            case .receiveVerb: self.receiveFlows(cue, into: &buffers.produced)
            case .deployVerb, .deployNoun: self.deployFlows(cue, into: &buffers.produced)
            case .payVerb: self.paymentFlows(cue, into: &buffers.produced)
            case .comeFromVerb: self.comeFromFlows(cue, into: &buffers.produced)
            case .transferNoun: self.transferNounFlows(cue, into: &buffers.produced)
            case .useVerb: self.useFlows(cue, into: &buffers.produced)
            default: continue
            }
            for var partial in buffers.produced {
                // Filtering copies the items, so it is done only when one was already used.
                if partial.items.contains(where: { buffers.usedItems.contains($0.foundIndex) }) {
                    let used = buffers.usedItems
                    partial.items = partial.items.filter { !used.contains($0.foundIndex) }
                }
                guard !partial.items.isEmpty else { continue }
                for item in partial.items { buffers.usedItems.append(item.foundIndex) }
                buffers.partials.append(partial)
            }
        }
        for item in self.sentence.items where !buffers.usedItems.contains(item.foundIndex) {
            if let partial = self.aidFlow(item) ?? self.suppliedByFlow(item) ?? self.armsVerbFlow(item) {
                buffers.partials.append(partial)
                buffers.usedItems.append(item.foundIndex)
            }
        }
    }

    func isPossibleCue(at range: Range<Int32>) -> Bool {
        self.sentence.cues.contains { $0.cue == .possible && $0.start == range.lowerBound && $0.end == range.upperBound }
    }

    /// Determiners and nouns before "ship(s)" that make it the vessel ("a cargo ship", "the
    /// Russian ship"), not the verb.
    static let shipNounMarkers = WordTable<Bool>.words(
        ["a", "an", "the", "this", "that", "its", "their", "one", "each", "cargo", "container", "supply", "navy", "naval", "merchant", "transport", "flagged", "these", "those"])

    /// "any transfer of military goods" (none in particular); "a cargo ship" (a noun).
    private func isNotATransfer(_ cue: CueHit) -> Bool {
        let trigger = Int(cue.start)..<Int(cue.end)
        guard let before = WordReader.previous(self.text.bytes, before: trigger.lowerBound, limit: self.sentence.range.lowerBound), before.isWord
        else { return false }
        let bytes = self.text.bytes
        if Self.genericQuantifiers.contains(bytes, before.range) { return true }
        if ByteText.lowercasedEquals(bytes, trigger, "ship") || ByteText.lowercasedEquals(bytes, trigger, "ships") {
            return Self.shipNounMarkers.contains(bytes, before.range) || ByteText.isUppercase(bytes[before.range.lowerBound])
                || ByteText.lowercasedHasSuffix(bytes, before.range, "-flagged")
        }
        return false
    }

    private func supplyFlows(_ cue: CueHit, into partials: inout [PartialFlow]) {
        let trigger = Int(cue.start)..<Int(cue.end)
        let stop = self.stopper(after: trigger.upperBound)
        let exchange = self.sentence.cues.first { $0.cue == .exchangeFor && Int($0.start) >= trigger.upperBound && Int($0.start) < stop }
        let itemsEnd = exchange.map { Int($0.start) } ?? stop
        let possible = self.isPossibleCue(at: cue.start..<cue.end)
        if self.isPassive(trigger) {
            // "drones were supplied to Russia by Iran"
            let items = self.items(in: self.clauseStart(before: trigger.lowerBound)..<trigger.lowerBound)
                + self.items(in: trigger.upperBound..<itemsEnd)
            // "were supplied to Russia by Iran", "have been delivered from Russia".
            let suppliers = self.parties(after: trigger.upperBound, before: stop, markedBy: [.by, .from])
            var recipients = self.recipients(after: trigger.upperBound, before: stop, allowDirectObject: false)
            // "Two Russian Yak-130s were handed over": the goods' origin is no recipient.
            let itemOrigin = items.first.flatMap { self.sentence.origin(of: $0, in: self.text) }
            let notRecipients = suppliers + (itemOrigin.map { $0.isDemonym ? [$0.country] : [] } ?? [])
            if recipients.isEmpty, let subject = self.agent(before: trigger.lowerBound, excluding: notRecipients) {
                recipients = self.coordinated(subject)
            }
            if recipients.isEmpty, let place = self.placeRecipient(after: trigger.upperBound, before: stop, excluding: suppliers) {
                // "had been handed over at the Hamadan air base".
                recipients = [place]
            }
            let origin = items.first.flatMap { self.sentence.origin(of: $0, in: self.text) }.map { [$0.country] }
                ?? self.maker(of: items, excluding: recipients).map { [$0] } ?? []
            partials.append(PartialFlow(
                suppliers: suppliers.isEmpty ? origin : suppliers, recipients: recipients, items: items,
                trigger: trigger, triggerIsPossible: possible, isReceive: false))
            return
        }
        var items = self.items(in: trigger.upperBound..<itemsEnd)
        if items.isEmpty, self.objectIsPronoun(after: trigger), let previous = self.previous, previous.index == self.sentence.index - 1 {
            // "The shipments include KN-23 missiles. North Korea sent them to Russia by sea."
            items = previous.items
        }
        if items.isEmpty, Self.isExportsNoun(self.text, trigger),
            let before = self.sentence.items.last(where: { $0.range.upperBound <= trigger.lowerBound }),
            self.onlySpaceBetween(before.range.upperBound, trigger.lowerBound)
        {
            // "Russian wheat exports to Iran": the noun, with its goods before it.
            items = [before]
        }
        // "transferring North Korean artillery ammunition to Russia", "delivered Russian crude
        // to India": an item's own origin is not its recipient.
        let origin = items.first.flatMap { self.sentence.origin(of: $0, in: self.text) }
        // "shared satellite imagery with the Houthis": whom one shares with receives.
        let shares = ByteText.lowercasedHasPrefix(self.text.bytes, trigger, "shar")
        var recipients = self.recipients(after: trigger.upperBound, before: stop, allowDirectObject: true, withMarks: shares)
        if let origin, recipients.contains(origin.country), origin.isDemonym || self.hasOtherRecipient(origin, stop: stop) {
            // The goods' origin ("Russian armoured vehicles") is where they come from, not where
            // they go; a possessive origin may still be the recipient ("sent Russia's jets home").
            recipients.removeAll { $0 == origin.country }
        }
        var suppliers: [Int32] = []
        if ByteText.lowercasedHasPrefix(self.text.bytes, trigger, "supplier"), let client = self.possessor(before: trigger.lowerBound),
            recipients.isEmpty
        {
            // "China is Russia's main supplier of machine tools": the possessor is supplied.
            recipients = [client]
        }
        if let anaphor = self.anaphoricSuppliers(before: trigger.lowerBound) {
            suppliers = anaphor
        } else if !self.isCarrierParticiple(trigger), let agent = self.agent(before: trigger.lowerBound, excluding: recipients) {
            suppliers = self.coordinated(agent)
        } else if let origin, !recipients.contains(origin.country) {
            // The subject is no party (a company, a ship, a network): the goods' origin supplies.
            suppliers = [origin.country]
        }
        if recipients.isEmpty, let place = self.placeRecipient(after: trigger.upperBound, before: stop, excluding: suppliers) {
            // "flies an air defence system into Niamey", "delivered to an air base near Isfahan".
            recipients = [place]
        }
        // "Russia has moved S-400 systems from Tartus back to Russia": its own goods brought home
        // are no transfer, whatever place they left.
        let bringsHome = suppliers.isEmpty && self.agent(before: trigger.lowerBound, excluding: []).map { recipients.contains($0) } == true
        if suppliers.isEmpty, !bringsHome, let place = self.placeSupplier(after: trigger.upperBound, before: stop, excluding: recipients) {
            // "ferried containers of ammunition from Rajin to ...".
            suppliers = [place]
        }
        if suppliers.isEmpty, !bringsHome, let maker = self.maker(of: items, excluding: recipients) { suppliers = [maker] }
        partials.append(PartialFlow(
            suppliers: suppliers, recipients: recipients, items: items, trigger: trigger, triggerIsPossible: possible,
            isReceive: false))
        if let exchange {
            // "tech to North Korea in exchange for troops": the troops go the other way.
            let end = self.stopper(after: Int(exchange.end))
            let returned = self.items(in: Int(exchange.end)..<end)
            if !returned.isEmpty {
                partials.append(PartialFlow(
                    suppliers: recipients, recipients: suppliers, items: returned, trigger: trigger,
                    triggerIsPossible: possible, isReceive: false))
            }
        }
    }

    /// What carries goods: "a dhow carrying" makes the dhow, not the sentence's subject, the
    /// one that carries, and after "cargo" it makes a vehicle of it ("cargo ship", "cargo hold").
    static let carrierNouns = WordTable<Bool>.words([
        "ship", "ships", "vessel", "vessels", "tanker", "tankers", "dhow", "dhows", "freighter", "freighters", "boat", "boats",
        "barge", "barges", "plane", "planes", "aircraft", "flight", "flights", "jet", "jets", "hold", "holds", "train", "trains",
        "truck", "trucks", "lorry", "lorries", "convoy", "convoys", "wagon", "wagons", "railcars", "carrier", "carriers",
    ])

    /// "Yemen stopped a dhow carrying Iranian weapons": a participle right after a carrier
    /// noun has the carrier as its subject, so the agent before it is no supplier (the goods'
    /// origin may be).
    private func isCarrierParticiple(_ trigger: Range<Int>) -> Bool {
        guard ContextWord.of(self.text.bytes, trigger).contains(.endsWithIng),
            let before = WordReader.previous(self.text.bytes, before: trigger.lowerBound, limit: self.sentence.range.lowerBound), before.isWord
        else { return false }
        return Self.carrierNouns.contains(self.text.bytes, before.range)
    }

    /// "exports" (the noun as much as the verb): with goods right before it, it is the noun.
    static func isExportsNoun(_ text: DocumentText, _ trigger: Range<Int>) -> Bool {
        ByteText.lowercasedEquals(text.bytes, trigger, "exports")
    }

    /// Whether a party after "to" (or "into") follows the origin's item.
    private func hasOtherRecipient(_ origin: FlowSentence.Party, stop: Int) -> Bool {
        self.parties(after: origin.range.upperBound, before: stop, markedBy: [.to, .into]).contains { $0 != origin.country }
    }

    private func receiveFlows(_ cue: CueHit, into partials: inout [PartialFlow]) {
        let trigger = Int(cue.start)..<Int(cue.end)
        let stop = self.stopper(after: trigger.upperBound)
        let items = self.items(in: trigger.upperBound..<stop)
        guard !items.isEmpty else { return }
        var suppliers = self.parties(after: trigger.upperBound, before: stop, markedBy: [.from, .on])
        if suppliers.isEmpty, ByteText.lowercasedHasSuffix(self.text.bytes, trigger, " to"),
            let helper = self.sentence.parties.first(where: { $0.range.lowerBound >= trigger.upperBound && self.text.onlyArticlesBetween(trigger.upperBound, $0.range.lowerBound) })
        {
            // "Moscow turned to Pyongyang for ammunition".
            suppliers = [helper.country]
        }
        var recipients: [Int32] = []
        if let agent = self.agent(before: trigger.lowerBound, excluding: suppliers) { recipients = self.coordinated(agent) }
        if suppliers.isEmpty, let origin = self.sentence.origin(of: items[0], in: self.text), !recipients.contains(origin.country) {
            suppliers = [origin.country]
        }
        if suppliers.isEmpty, let maker = self.maker(of: items, excluding: recipients) { suppliers = [maker] }
        partials.append(PartialFlow(
            suppliers: suppliers, recipients: recipients, items: items, trigger: trigger,
            triggerIsPossible: self.isPossibleCue(at: cue.start..<cue.end), isReceive: true))
    }

    /// "stationed troops in Russia", "the presence of North Korean troops in Russia".
    private func deployFlows(_ cue: CueHit, into partials: inout [PartialFlow]) {
        let trigger = Int(cue.start)..<Int(cue.end)
        let stop = self.stopper(after: trigger.upperBound)
        var items = self.items(in: trigger.upperBound..<stop).filter { self.table.isPersonnel[Int($0.entity)] }
        if items.isEmpty && cue.cue == .deployVerb {
            items = self.items(in: self.clauseStart(before: trigger.lowerBound)..<trigger.lowerBound)
                .filter { self.table.isPersonnel[Int($0.entity)] }
        }
        guard let first = items.first else {
            // "had dispatched several hundred artillery systems": materiel sent, not troops
            // placed; "Shells from North Korea have been arriving in Russia": materiel arrived.
            if cue.cue == .deployVerb {
                if !self.arrivalFlows(cue, into: &partials) { self.supplyFlows(cue, into: &partials) }
            }
            return
        }
        // "personnel arrived in Niamey together with an air defence system": what came with them.
        items += self.items(in: trigger.upperBound..<stop).filter { !self.table.isPersonnel[Int($0.entity)] }
        var recipients = self.parties(
            after: max(trigger.upperBound, first.range.upperBound), before: stop, markedBy: [.in, .into, .to, .toward, .recipientMarker])
        if recipients.isEmpty, let fightingFor = self.fightsFor(trigger, before: stop) { recipients = [fightingFor] }
        if recipients.isEmpty, let place = self.sentence.places.first(where: { place in
            place.range.lowerBound >= trigger.upperBound && place.range.upperBound <= stop
                && !self.sentence.items.contains { item in item.range.overlaps(place.range) }
        }) {
            // "deployed against Ukraine in the Kursk region": troops went where the place is.
            recipients = [place.country]
        }
        var suppliers: [Int32] = []
        if let origin = self.sentence.origin(of: first, in: self.text), !recipients.contains(origin.country) {
            suppliers = [origin.country]
        } else if let agent = self.agent(before: trigger.lowerBound, excluding: recipients) {
            suppliers = self.coordinated(agent)
        }
        partials.append(PartialFlow(
            suppliers: suppliers, recipients: recipients, items: items, trigger: trigger, triggerIsPossible: false,
            isReceive: false))
    }

    /// Quantifiers before a transfer noun that make it no transfer in particular ("any transfer
    /// of military goods", "no deliveries of arms").
    static let genericQuantifiers = WordTable<Bool>.words(["any", "no"])

    /// "weapons shipments", "the transfer of arms between Russia and North Korea".
    private func transferNounFlows(_ cue: CueHit, into partials: inout [PartialFlow]) {
        let trigger = Int(cue.start)..<Int(cue.end)
        if let next = WordReader.next(self.text.bytes, from: trigger.upperBound, limit: self.sentence.range.upperBound), next.isWord,
            ByteText.lowercasedHasPrefix(self.text.bytes, trigger, "cargo"),
            Self.carrierNouns.contains(self.text.bytes, next.range)
        {
            return
        }
        let stop = self.stopper(after: trigger.upperBound)
        var items = self.items(in: trigger.upperBound..<stop)
        if let before = self.sentence.items.last(where: { $0.range.upperBound <= trigger.lowerBound }),
            self.onlySpaceBetween(before.range.upperBound, trigger.lowerBound)
        {
            items = [before]
        }
        guard let first = items.first else { return }
        var suppliers = self.parties(after: trigger.upperBound, before: stop, markedBy: .from)
        let recipients = self.parties(after: trigger.upperBound, before: stop, markedBy: [.to, .into])

        let between = self.parties(after: trigger.upperBound, before: stop, markedBy: .between)
        if let firstParty = between.first, suppliers.isEmpty, recipients.isEmpty,
            let second = self.sentence.parties.first(where: {
                $0.range.lowerBound > trigger.upperBound && $0.previous.contains(.and) && $0.country != firstParty
            })
        {
            // "between Russia and North Korea": the direction is settled against the document's earlier flows.
            var partial = PartialFlow(
                suppliers: [firstParty], recipients: [second.country], items: items, trigger: trigger,
                triggerIsPossible: false, isReceive: false)
            partial.isUnordered = true
            partials.append(partial)
            return
        }
        if suppliers.isEmpty, let possessor = self.possessor(before: min(first.range.lowerBound, trigger.lowerBound)) {
            suppliers = [possessor]
        }
        if suppliers.isEmpty, let origin = self.sentence.origin(of: first, in: self.text), !recipients.contains(origin.country) {
            suppliers = [origin.country]
        }
        if suppliers.isEmpty, let maker = self.maker(of: items, excluding: recipients) { suppliers = [maker] }
        var partial = PartialFlow(
            suppliers: suppliers, recipients: recipients, items: items, trigger: trigger, triggerIsPossible: false,
            isReceive: false)
        if let before = WordReader.previous(self.text.bytes, before: trigger.lowerBound, limit: self.sentence.range.lowerBound), before.isWord {
            partial.refersBack = Self.pointingDeterminers.contains(self.text.bytes, before.range)
        }
        partials.append(partial)
    }

    /// Determiners before a transfer noun that point back to a transfer already stated.
    static let pointingDeterminers = WordTable<Bool>.words(["the", "this", "that", "these", "those"])
}
