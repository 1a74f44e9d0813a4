/// Turns the internal results into the public `Extraction`: drops tentative mentions the
/// document did not confirm, gives ids to discovered people, and links flows to quantities.
struct ExtractionBuilder {
    let table: EntityTable
    let text: DocumentText

    func build(found: [Found], cues: [CueHit], people: [DiscoveredEntity], quantities: [FoundQuantity], flows: [FlowFound]) -> Extraction {
        var usedInFlow = Set<Int>()
        for flow in flows { usedInFlow.insert(flow.itemFound) }
        var mentions: [Mention] = []
        mentions.reserveCapacity(found.count)
        for (index, mention) in found.enumerated() {
            if let person = mention.discoveredIndex {
                guard person < people.count else { continue }
                mentions.append(Mention(
                    entityID: people[person].id, type: people[person].type, range: mention.range, sentence: Int(mention.sentence),
                    discovered: true, name: people[person].name))
                continue
            }
            let entity = Int(mention.entity)
            if mention.isTentative && !usedInFlow.contains(index) { continue }
            if self.table.isPersonnel[entity] && !usedInFlow.contains(index) && !self.isForeignDeployment(mention, found: found) {
                continue
            }
            mentions.append(Mention(
                entityID: self.table.ids[entity], type: self.table.types[entity], range: mention.range,
                sentence: Int(mention.sentence), discovered: false, name: nil))
        }
        let details = FlowDetails(table: self.table, text: self.text, found: found, cues: cues, quantities: quantities, discovered: people)
        let publicFlows = flows.map { flow in
            let attribution = details.attribution(sentence: flow.sentence, parties: [flow.supplier, flow.recipient])
            let quantity = details.quantity(item: flow.item, sentence: flow.sentence, modality: flow.modality)
            let supplierEntity = details.namedParty(rollingUpTo: flow.supplier, sentence: flow.sentence, excluding: attribution?.range)
            let recipientEntity = details.namedParty(rollingUpTo: flow.recipient, sentence: flow.sentence, excluding: attribution?.range)
            return Flow(
                supplier: self.table.ids[Int(flow.supplier)], recipient: self.table.ids[Int(flow.recipient)],
                item: self.table.ids[Int(flow.item)], modality: flow.modality, sentence: flow.sentence, quantity: quantity?.index,
                supplierEntity: self.table.ids[Int(supplierEntity)], recipientEntity: self.table.ids[Int(recipientEntity)],
                quantityRole: quantity?.role, attribution: attribution.map { self.id(of: $0, people: people) },
                via: details.vessel(sentence: flow.sentence))
        }
        return Extraction(
            sentences: self.text.sentences, mentions: mentions, quantities: quantities.map(\.quantity), flows: publicFlows)
    }

    private func id(of mention: Found, people: [DiscoveredEntity]) -> String {
        if let person = mention.discoveredIndex { return person < people.count ? people[person].id : "" }
        return self.table.ids[Int(mention.entity)]
    }

    /// Troops are annotated when one state's troops are in or sent to another: "North Korean
    /// soldiers could soon see combat on Ukrainian soil". The troops' demonym must differ from
    /// another state named in the sentence.
    private func isForeignDeployment(_ mention: Found, found: [Found]) -> Bool {
        guard let index = found.firstIndex(where: { $0.start == mention.start && $0.end == mention.end }), index > 0 else {
            return false
        }
        let origin = found[index - 1]
        guard origin.entity >= 0, origin.kind == .demonym, self.table.types[Int(origin.entity)] == .country,
            origin.sentence == mention.sentence,
            self.wordsBetween(Int(origin.end), Int(mention.start)) <= 2
        else { return false }
        let sentence = mention.sentence
        return found.contains { other in
            other.sentence == sentence && other.entity >= 0 && other.entity != origin.entity
                && self.table.partyCountry[Int(other.entity)] >= 0
                && self.table.partyCountry[Int(other.entity)] != origin.entity
        }
    }

    private func wordsBetween(_ start: Int, _ end: Int) -> Int {
        self.text.tokenCount(start, end, cap: 5)
    }
}
