import AxisCodec
import AxisTerminal

/// How flows read on a terminal (80 columns) and as CSV.
enum FlowTables {
    // MARK: - Text

    /// One statement per entry: date, parties, item, quantity, modality, source, then the
    /// evidence sentence indented under it.
    static func rowsText(_ flows: [FlowMessage]) -> String {
        var text = ""
        for flow in flows {
            let date = (flow.published ?? "").isEmpty ? "          " : (flow.published ?? "")
            var line = "\(date)  \(Self.parties(flow)): \(flow.name(2, or: flow.item))"
            if let quantity = flow.quantity { line += " " + Self.amount(quantity) }
            line += "  [\(flow.modality)]"
            if let source = flow.source { line += "  " + source }
            text += Terminal.colored(line, "1") + "\n"
            var detail: [String] = []
            if let key = flow.key { detail.append("\(key) v\(flow.version ?? 0)") }
            if let attribution = flow.attribution { detail.append("according to \(attribution)") }
            if let via = flow.via { detail.append("via \(via)") }
            if !detail.isEmpty { text += "            " + Terminal.colored(detail.joined(separator: "; "), "2") + "\n" }
            if let evidence = flow.evidence { text += "            " + Self.clipped(evidence, to: 66) + "\n" }
        }
        return text
    }

    /// One group per entry: parties and item, corroboration, dates, modalities, quantities,
    /// and the best evidence.
    static func groupsText(_ groups: [FlowGroupMessage]) -> String {
        var text = ""
        for group in groups {
            let title = "\(group.name(0, or: group.supplier)) → \(group.name(1, or: group.recipient)): \(group.name(2, or: group.item))"
            text += Terminal.colored(title, "1") + "\n"
            var facts = "  \(group.documents) documents, \(group.sources) sources, \(group.firstDay) to \(group.lastDay)"
            facts += "; " + Self.modalities(group)
            text += facts + "\n"
            if let low = group.quantityMin, let high = group.quantityMax {
                let range = (Double(low), Double(high))
                var amounts = "  quantities " + (low == high ? low : "\(range.0.map(Self.number) ?? low)–\(range.1.map(Self.number) ?? high)")
                if let latest = group.latestQuantity { amounts += ", latest " + Self.amount(latest) }
                text += amounts + "\n"
            }
            if let best = group.best, let evidence = best.evidence {
                text += "  " + Terminal.colored("\(best.key ?? "")  \(best.published ?? "")", "2") + "\n"
                text += "  " + Self.clipped(evidence, to: 76) + "\n"
            }
        }
        return text
    }

    private static func parties(_ flow: FlowMessage) -> String {
        func side(_ rollUp: Int, _ named: Int, _ rollUpID: String, _ namedID: String?) -> String {
            let name = flow.name(rollUp, or: rollUpID)
            guard let namedID, namedID != rollUpID else { return name }
            return "\(name) (\(flow.name(named, or: namedID)))"
        }
        return side(0, 3, flow.supplier, flow.supplierEntity) + " → " + side(1, 4, flow.recipient, flow.recipientEntity)
    }

    private static func modalities(_ group: FlowGroupMessage) -> String {
        let parts = [("asserted", group.asserted), ("reported", group.reported), ("possible", group.possible), ("denied", group.denied)]
        return parts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
    }

    static func amount(_ quantity: QuantityMessage) -> String {
        let value = Double(quantity.value).map(Self.number) ?? quantity.value
        let upper = quantity.valueMax.flatMap(Double.init).map { "–" + Self.number($0) } ?? ""
        return "×\(value)\(upper)"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? Formatting.thousands(Int(value)) : String(value)
    }

    static func clipped(_ text: String, to width: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flat.count > width else { return flat }
        return String(flat.prefix(width - 1)) + "…"
    }

    // MARK: - CSV

    static let rowColumns = [
        "published", "source", "key", "version", "sequence", "supplier", "supplier_name", "supplier_entity", "recipient",
        "recipient_name", "recipient_entity", "item", "item_name", "modality", "quantity", "quantity_max", "quantity_unit",
        "quantity_role", "attribution", "via", "evidence",
    ]

    static func rowsCSV(_ flows: [FlowMessage]) -> String {
        var text = CSVWriter.line(Self.rowColumns)
        for flow in flows {
            text += CSVWriter.line([
                flow.published ?? "", flow.source ?? "", flow.key ?? "", flow.version.map(String.init) ?? "",
                flow.sequence.map(String.init) ?? "", flow.supplier, flow.name(0, or: flow.supplier), flow.namedSupplier, flow.recipient,
                flow.name(1, or: flow.recipient), flow.namedRecipient, flow.item, flow.name(2, or: flow.item), flow.modality,
                flow.quantity?.value ?? "", flow.quantity?.valueMax ?? "", flow.quantity?.unitText ?? "", flow.quantityRole ?? "",
                flow.attribution ?? "", flow.via ?? "", flow.evidence ?? "",
            ])
        }
        return text
    }

    static let groupColumns = [
        "supplier", "supplier_name", "recipient", "recipient_name", "item", "item_name", "documents", "sources", "asserted",
        "reported", "possible", "denied", "first_day", "last_day", "quantity_min", "quantity_max", "best_key", "best_evidence",
    ]

    static func groupsCSV(_ groups: [FlowGroupMessage]) -> String {
        var text = CSVWriter.line(Self.groupColumns)
        for group in groups {
            text += CSVWriter.line([
                group.supplier, group.name(0, or: group.supplier), group.recipient, group.name(1, or: group.recipient), group.item,
                group.name(2, or: group.item), String(group.documents), String(group.sources), String(group.asserted),
                String(group.reported), String(group.possible), String(group.denied), group.firstDay, group.lastDay,
                group.quantityMin ?? "", group.quantityMax ?? "", group.best?.key ?? "", group.best?.evidence ?? "",
            ])
        }
        return text
    }
}
