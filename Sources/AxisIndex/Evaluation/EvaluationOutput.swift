public import Foundation

/// Predictions in the format of the evaluation scorer (`shared/eval/score.py`):
/// `{"system": ..., "docs": {name: {"mentions": [{"text", "type"}], "entities": [{"id"}],
/// "relations": [{"supplier", "recipient", "item", "modality", "evidence"}]}}}`.
public enum EvaluationOutput {
    /// Extracts every document and writes the scorer's JSON: distinct (text, type) mentions and
    /// distinct entity ids, without item:* entities (they are not NER targets), and distinct
    /// (supplier, recipient, item) relations, items included.
    ///
    /// - Parameters:
    ///   - documents: names (the scorer's document keys, e.g. "000_d24a96fe99ee3dbb.txt") and texts.
    ///   - extractor: the extractor to run.
    ///   - system: a free-text name of the system, written as "system".
    public static func predictions(documents: [(name: String, text: String)], extractor: Extractor, system: String) -> Data {
        var writer = JSONWriter()
        writer.openObject()
        writer.key("system")
        writer.string(system)
        writer.key("docs")
        writer.openObject()
        for document in documents {
            writer.key(document.name)
            self.write(extractor.extract(document.text), text: document.text, into: &writer)
        }
        writer.closeObject()
        writer.closeObject()
        return Data(writer.output.utf8)
    }

    private static func write(_ extraction: Extraction, text: String, into writer: inout JSONWriter) {
        let utf8 = Array(text.utf8)
        var seenMentions = Set<String>()
        var seenIDs = Set<String>()
        writer.openObject()
        writer.key("mentions")
        writer.openArray()
        for mention in extraction.mentions where mention.type != .item {
            let surface = String(decoding: utf8[mention.range], as: UTF8.self)
            guard seenMentions.insert(mention.type.rawValue + "\u{0}" + surface).inserted else { continue }
            writer.openObject()
            writer.key("text")
            writer.string(surface)
            writer.key("type")
            writer.string(mention.type.rawValue)
            writer.closeObject()
        }
        writer.closeArray()
        writer.key("entities")
        writer.openArray()
        for mention in extraction.mentions where mention.type != .item && seenIDs.insert(mention.entityID).inserted {
            writer.openObject()
            writer.key("id")
            writer.string(mention.entityID)
            writer.closeObject()
        }
        writer.closeArray()
        writer.key("relations")
        writer.openArray()
        var seenRelations = Set<String>()
        for flow in extraction.flows where seenRelations.insert(flow.supplier + " " + flow.recipient + " " + flow.item).inserted {
            let evidence = flow.sentence < extraction.sentences.count
                ? String(decoding: utf8[extraction.sentences[flow.sentence]], as: UTF8.self) : ""
            writer.openObject()
            writer.key("supplier")
            writer.string(flow.supplier)
            writer.key("recipient")
            writer.string(flow.recipient)
            writer.key("item")
            writer.string(flow.item)
            writer.key("modality")
            writer.string(flow.modality.rawValue)
            // The first sentence that states it (score.py reads only the three ids).
            writer.key("evidence")
            writer.string(evidence)
            writer.closeObject()
        }
        writer.closeArray()
        writer.closeObject()
    }
}
