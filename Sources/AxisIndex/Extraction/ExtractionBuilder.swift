/// Turns the internal results into the public `Extraction`: drops tentative mentions the
/// document did not confirm, gives ids to discovered people, and links flows to quantities.
struct ExtractionBuilder {
    let table: EntityTable
    let text: DocumentText

    func build(found: [Found], people: [DiscoveredPerson], quantities: [FoundQuantity], flows: [FlowFound]) -> Extraction {
        var usedInFlow = Set<Int>()
        for flow in flows { usedInFlow.insert(flow.itemFound) }
        var mentions: [Mention] = []
        mentions.reserveCapacity(found.count)
        for (index, mention) in found.enumerated() {
            if let person = mention.discoveredIndex {
                guard person < people.count else { continue }
                mentions.append(Mention(
                    entityID: people[person].id, type: .person, range: mention.range, sentence: Int(mention.sentence),
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
        let publicFlows = flows.map { flow in
            Flow(
                supplier: self.table.ids[Int(flow.supplier)], recipient: self.table.ids[Int(flow.recipient)],
                item: self.table.ids[Int(flow.item)], modality: flow.modality, sentence: flow.sentence,
                quantity: quantities.firstIndex { $0.quantity.sentence == flow.sentence && $0.unitEntity == flow.item })
        }
        return Extraction(
            sentences: self.text.sentences, mentions: mentions, quantities: quantities.map(\.quantity), flows: publicFlows)
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
        var count = 0
        var position = start
        while count < 5, let token = WordReader.next(self.text.bytes, from: position, limit: end) {
            count += 1
            position = token.range.upperBound
        }
        return count
    }
}
