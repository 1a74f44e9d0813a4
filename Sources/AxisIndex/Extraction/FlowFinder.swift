/// Finds supply/transfer relations sentence by sentence: each supply, receive, deploy or use
/// verb, transfer noun, or aid phrase ("military aid to Ukraine") yields partial flows; the
/// missing supplier or recipient is then taken from another transfer of the same sentence or
/// from what the document said before; the modality comes from negation, attribution and
/// hedging cues.
struct FlowFinder {
    let table: EntityTable
    let text: DocumentText

    /// Returns the flows, one per (supplier, recipient, item) and sentence, strongest modality kept.
    func find(found: [Found], cues: [CueHit]) -> [FlowFound] {
        // Only sentences that state a transfer are analysed (the sentence before one, for
        // "these nations" and for subjects carried over, is read only when a rule asks).
        let triggered = self.triggeredSentences(found: found, cues: cues)
        guard triggered.contains(true) else { return [] }
        let hints = StandInHints()
        let builder = FlowSentenceBuilder(table: self.table, text: self.text, hints: hints)
        let previous = PreviousSentences(builder: builder, found: found, cues: cues)
        var memory = FlowMemory()
        var flows: [FlowFound] = []
        var buffers = PartialFlowBuffers()
        builder.forEachSentence(found: found, cues: cues, needed: triggered) { sentence in
            previous.forget()
            let rules = FlowRules(table: self.table, text: self.text, sentence: sentence, previousSentences: previous)
            rules.partialFlows(into: &buffers)
            var sentenceFlows: [FlowFound] = []
            // Complete flows first, so incomplete ones can borrow from them. (By index: a loop
            // over the array copies every partial, retaining its three arrays, whether it is
            // used or not.)
            for index in buffers.partials.indices where buffers.partials[index].isComplete {
                let partial = buffers.partials[index]
                if partial.isUnordered, let first = partial.suppliers.first, let second = partial.recipients.first,
                    let direction = memory.direction(between: first, and: second, before: sentence.index)
                {
                    self.emit(partial, suppliers: [direction.0], recipients: [direction.1], rules: rules, into: &sentenceFlows)
                } else {
                    self.emit(partial, suppliers: partial.suppliers, recipients: partial.recipients, rules: rules, into: &sentenceFlows)
                }
            }
            for index in buffers.partials.indices where !buffers.partials[index].isComplete {
                guard let (suppliers, recipients) = self.complete(buffers.partials[index], rules: rules, sentenceFlows: sentenceFlows, memory: memory)
                else { continue }
                self.emit(buffers.partials[index], suppliers: suppliers, recipients: recipients, rules: rules, into: &sentenceFlows)
            }
            for flow in sentenceFlows {
                memory.record(supplier: flow.supplier, recipient: flow.recipient, sentence: flow.sentence)
                hints.add(flow.supplier, flow.recipient)
            }
            if !sentenceFlows.isEmpty { flows += sentenceFlows }
        }
        return flows
    }

    /// Sentences with a transfer verb or noun, an aid phrase, or a "U.S.-provided" modifier.
    private func triggeredSentences(found: [Found], cues: [CueHit]) -> [Bool] {
        var triggered = [Bool](repeating: false, count: self.text.sentences.count)
        for cue in cues {
            switch cue.cue {
            case .supplyVerb, .receiveVerb, .deployVerb, .deployNoun, .transferNoun, .useVerb, .payVerb, .armVerb, .comeFromVerb:
                triggered[Int(cue.sentence)] = true
            default:
                break
            }
        }
        var lastLineChecked = -1
        for mention in found where mention.entity >= 0 && !triggered[Int(mention.sentence)] {
            let entity = Int(mention.entity)
            let sentence = Int(mention.sentence)
            if sentence != lastLineChecked, !mention.isNested, self.table.isItem(entity) {
                // "- Iran: drones and shells" under "What flows to Russia?" (FlowRules+Bullets):
                // read only where the line names an item, as the builder needs one there.
                lastLineChecked = sentence
                let range = self.text.sentences[sentence]
                if FlowRules.isBulletLine(self.text, range) || FlowRules.mayBeRouteLine(self.text, range) {
                    triggered[sentence] = true
                    continue
                }
            }
            if self.table.isAidLike[entity]
                || (self.table.partyCountry[entity] >= 0 && Int(mention.end) < self.text.bytes.count
                    && self.text.bytes[Int(mention.end)] == UInt8(ascii: "-"))
                || (mention.entity == self.table.armsItem && FlowRules.armsVerbForms.contains(self.text.string(mention.range)))
            {
                triggered[Int(mention.sentence)] = true
            }
        }
        return triggered
    }

    private func emit(
        _ partial: PartialFlow, suppliers: [Int32], recipients: [Int32], rules: FlowRules, into flows: inout [FlowFound]
    ) {
        for item in partial.items {
            let modality = rules.modality(trigger: partial.trigger, item: item, triggerIsPossible: partial.triggerIsPossible)
            for supplier in suppliers {
                for recipient in recipients where recipient != supplier {
                    let flow = FlowFound(
                        supplier: supplier, recipient: recipient, item: item.entity, modality: modality,
                        sentence: rules.sentence.index, itemFound: item.foundIndex)
                    if let existing = flows.firstIndex(where: {
                        $0.supplier == supplier && $0.recipient == recipient && $0.item == item.entity
                    }) {
                        if Self.precedence(modality) > Self.precedence(flows[existing].modality) { flows[existing] = flow }
                    } else {
                        flows.append(flow)
                    }
                }
            }
        }
    }

    static func precedence(_ modality: Flow.Modality) -> Int {
        switch modality {
        case .asserted: return 0
        case .reported: return 1
        case .possible: return 2
        case .denied: return 3
        }
    }

    /// Fills a missing side: from another flow of the sentence with the same known side, from
    /// the flow a sentence starting "In return" answers, or from the document's latest flows.
    private func complete(
        _ partial: PartialFlow, rules: FlowRules, sentenceFlows: [FlowFound], memory: FlowMemory
    ) -> ([Int32], [Int32])? {
        let sentence = rules.sentence.index
        var suppliers = partial.suppliers
        var recipients = partial.recipients
        if rules.startsWithExchange {
            if let known = suppliers.first, recipients.isEmpty, let other = memory.counterpart(of: known, before: sentence, window: 2) {
                recipients = [other]
            } else if let known = recipients.first, suppliers.isEmpty,
                let other = memory.counterpart(of: known, before: sentence, window: 2)
            {
                suppliers = [other]
            }
        }
        if recipients.isEmpty, let supplier = suppliers.first {
            if let same = sentenceFlows.first(where: { $0.supplier == supplier }) {
                recipients = [same.recipient]
            } else if let inSentence = rules.recipientElsewhere(excluding: supplier, after: partial.trigger.lowerBound) {
                recipients = [inSentence]
            } else if let remembered = memory.lastRecipient(of: supplier, before: sentence, window: FlowMemory.recipientWindow)
                ?? (partial.isReceive ? nil : memory.latest(before: sentence, window: 2).map(\.recipient).flatMap { $0 == supplier ? nil : $0 })
            {
                // Not when the sentence says where, and it is no state ("sells armoured vehicles
                // across Africa"): read only now, when memory would answer.
                if rules.namesOtherDestination(after: partial.trigger) { return nil }
                recipients = [remembered]
            }
        }
        if suppliers.isEmpty, partial.isPayment, let recipient = recipients.first,
            let payer = memory.counterpart(of: recipient, before: sentence, window: FlowMemory.paymentWindow)
        {
            suppliers = [payer]
        }
        if recipients.isEmpty, partial.isPayment, let payer = suppliers.first,
            let payee = memory.counterpart(of: payer, before: sentence, window: FlowMemory.paymentWindow)
        {
            // "The junta has paid partly in gold": whoever supplied the junta is paid.
            recipients = [payee]
        }
        if suppliers.isEmpty, let recipient = recipients.first {
            if let same = sentenceFlows.first(where: { $0.recipient == recipient }) {
                suppliers = [same.supplier]
            } else if let last = memory.lastSupplier(of: recipient, before: sentence) {
                suppliers = [last]
            } else if let other = memory.counterpart(of: recipient, before: sentence, window: 2) {
                suppliers = [other]
            }
        }
        if suppliers.isEmpty && recipients.isEmpty {
            if let same = sentenceFlows.first {
                suppliers = [same.supplier]
                recipients = [same.recipient]
            } else if let latest = memory.latest(before: sentence, window: partial.refersBack ? FlowMemory.referenceWindow : 1) {
                suppliers = [latest.supplier]
                recipients = [latest.recipient]
            }
        }
        if suppliers.isEmpty, !recipients.isEmpty, !partial.isReceive, let subject = rules.previousSubject(), !recipients.contains(subject) {
            // "It has shipped drones to Russia": the subject of the sentence before.
            suppliers = [subject]
        }
        if recipients.isEmpty, partial.isReceive, let subject = rules.previousSubject() {
            recipients = [subject]
            if suppliers.isEmpty, let last = memory.lastSupplier(of: subject, before: sentence) { suppliers = [last] }
        }
        guard !suppliers.isEmpty, !recipients.isEmpty else { return nil }
        return (suppliers, recipients)
    }
}
