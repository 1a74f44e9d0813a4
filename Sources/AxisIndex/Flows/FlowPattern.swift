/// The query language's `flow:` field: `flow:SUPPLIER>RECIPIENT[:ITEM]`, each part optional
/// and each a name, an id or a "quoted name": `flow:"North Korea">Russia`,
/// `flow:>Russia:drone`, `flow:Iran>`, `flow:country:iran>country:russia:weapon:drone`.
enum FlowPattern {
    static func parse(_ value: String, offset: Int) throws(QuerySyntaxError) -> QueryNode {
        let characters = Array(value)
        // The first '>' outside quotes splits the parties.
        var inQuotes = false
        var arrow: Int?
        for (index, character) in characters.enumerated() {
            if character == "\"" { inQuotes.toggle() }
            if character == ">" && !inQuotes {
                arrow = index
                break
            }
        }
        guard let arrow else {
            throw QuerySyntaxError(offset: offset, "expected SUPPLIER>RECIPIENT after flow: (either may be left out: flow:Iran>, flow:>Russia:drone)")
        }
        let supplier = Self.part(String(characters[..<arrow]))
        // After the arrow: the recipient, then ':' and the item. An id's own colon ("country:russia")
        // belongs to it: a first segment that is a type name is joined with the next.
        var segments = Self.split(String(characters[(arrow + 1)...]))
        var recipient: String?
        if let first = segments.first {
            segments.removeFirst()
            if EntityType(rawValue: first.lowercased()) != nil, let next = segments.first {
                segments.removeFirst()
                recipient = first + ":" + next
            } else {
                recipient = first
            }
        }
        let item = segments.isEmpty ? nil : segments.joined(separator: ":")
        let parts = [supplier, recipient.flatMap(Self.part), item.flatMap(Self.part)]
        guard parts.contains(where: { $0 != nil }) else {
            throw QuerySyntaxError(offset: offset, "flow: needs a supplier, a recipient or an item (flow:Iran>, flow:>Russia:drone)")
        }
        return .flow(supplier: parts[0], recipient: parts[1], item: parts[2], offset: offset)
    }

    /// A part without its quotes; nil when empty.
    private static func part(_ text: String) -> String? {
        let trimmed = text.replacingQuotes()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Splits on ':' outside quotes.
    private static func split(_ text: String) -> [String] {
        var segments: [String] = []
        var current = ""
        var inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if character == ":" && !inQuotes {
                segments.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        segments.append(current)
        return segments
    }
}

extension String {
    fileprivate func replacingQuotes() -> String { String(self.filter { $0 != "\"" }) }
}

extension IndexState {
    /// The visible snapshots with a flow that matches, ascending.
    func flowMatches(suppliers: [UInt32]?, recipients: [UInt32]?, items: [Bool]?, in view: IndexView) -> [UInt32] {
        var result: [UInt32] = []
        self.withFlowPlaces { places in
            let positions = self.flowPostings.positions(suppliers: suppliers, recipients: recipients, places: places)
            self.snapshotFlows.withReader { flows in
                var snapshots = FlowSnapshotFinder(starts: places.starts)
                func visit(_ position: Int) {
                    let sequence = snapshots.sequence(at: position)
                    guard result.last != sequence, let flow = flows.flow(at: position),
                        FlowParties.matches(flow, suppliers: suppliers, recipients: recipients, items: items),
                        self.isVisible(UInt64(sequence), in: view)
                    else { return }
                    result.append(sequence)
                }
                if let positions {
                    for position in positions { visit(Int(position)) }
                } else {
                    for position in 0..<flows.count { visit(position) }
                }
            }
        }
        return result
    }
}

/// The one test of a flow against asked parties and items, for FLOWS and `flow:`.
enum FlowParties {
    @inline(__always)
    static func matches(_ flow: IndexedFlow, suppliers: [UInt32]?, recipients: [UInt32]?, items: [Bool]?) -> Bool {
        if let suppliers, !suppliers.contains(flow.supplier) && !suppliers.contains(flow.supplierEntity) { return false }
        if let recipients, !recipients.contains(flow.recipient) && !recipients.contains(flow.recipientEntity) { return false }
        if let items, !(Int(flow.item) < items.count && items[Int(flow.item)]) { return false }
        return true
    }
}
