extension FlowRules {
    /// A payment: the payer gives what the verb names ("paid in oil", "pays Pyongyang hard
    /// currency", "is being paid in cash" with the payee as subject); what follows "for" is
    /// the goods bought, going the other way ("Russia paid for Iranian drones").
    func paymentFlows(_ cue: CueHit, into partials: inout [PartialFlow]) {
        let trigger = Int(cue.start)..<Int(cue.end)
        let stop = self.stopper(after: trigger.upperBound)
        let forWord = self.firstWord(after: trigger.upperBound, before: stop, flag: .for)
        let paidEnd = forWord?.lowerBound ?? stop
        let possible = self.isPossibleCue(at: cue.start..<cue.end)
        let paid = self.items(in: trigger.upperBound..<paidEnd)
        var payers: [Int32]
        var payees: [Int32]
        if self.isPassive(trigger) {
            payers = self.parties(after: trigger.upperBound, before: stop, markedBy: .by)
            payees = self.agent(before: trigger.lowerBound, excluding: payers).map { self.coordinated($0) } ?? []
        } else {
            payees = self.recipients(after: trigger.upperBound, before: paidEnd, allowDirectObject: true)
            payers = self.anaphoricSuppliers(before: trigger.lowerBound)
                ?? self.agent(before: trigger.lowerBound, excluding: payees).map { self.coordinated($0) } ?? []
        }
        if !paid.isEmpty {
            var payment = PartialFlow(
                suppliers: payers, recipients: payees, items: paid, trigger: trigger, triggerIsPossible: possible, isReceive: false)
            payment.isPayment = true
            partials.append(payment)
        }
        guard let forWord else { return }
        // "paying for North Korean shells with advanced military technology": what follows
        // "with" is paid too.
        let withWord = self.firstWord(after: forWord.upperBound, before: stop, flag: .with)
        if let withWord {
            let alsoPaid = self.items(in: withWord.upperBound..<stop)
            if !alsoPaid.isEmpty {
                var payment = PartialFlow(
                    suppliers: payers, recipients: payees, items: alsoPaid, trigger: trigger, triggerIsPossible: possible, isReceive: false)
                payment.isPayment = true
                partials.append(payment)
            }
        }
        let bought = self.items(in: forWord.upperBound..<(withWord?.lowerBound ?? stop))
        guard let first = bought.first else { return }
        var sellers = payees
        if sellers.isEmpty, let origin = self.sentence.origin(of: first, in: self.text), !payers.contains(origin.country) {
            sellers = [origin.country]
        }
        partials.append(PartialFlow(
            suppliers: sellers, recipients: payers, items: bought, trigger: trigger, triggerIsPossible: possible, isReceive: false))
    }

    /// The first word after `start` (before `end`) with `flag`.
    func firstWord(after start: Int, before end: Int, flag: ContextWord) -> Range<Int>? {
        var position = start
        while let token = WordReader.next(self.text.bytes, from: position, limit: end) {
            if token.isWord, ContextWord.of(self.text.bytes, token.range).contains(flag) { return token.range }
            position = token.range.upperBound
        }
        return nil
    }
}
