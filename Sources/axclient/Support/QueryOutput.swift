import AxisCodec
import AxisTerminal

/// `axclient query` for people: hits with their snippets (marks in bold), then the facets.
enum QueryOutput {
    static func print(_ page: QueryPage, colored: Bool) {
        for (rank, hit) in page.hits.enumerated() {
            let title = hit.title.isEmpty ? hit.key : hit.title
            FileOutput.line(Terminal.colored("\(rank + 1). \(title)", "1") + "  " + Terminal.colored("score \(hit.score)", "2"))
            let details = [hit.key + " v\(hit.version)", hit.source, hit.day].filter { !$0.isEmpty }
            FileOutput.line("   " + Terminal.colored(details.joined(separator: " · "), "36"))
            if !hit.snippet.isEmpty { FileOutput.line("   " + self.marked(hit.snippet, hit.highlights, colored: colored)) }
        }
        if !page.facets.isEmpty {
            FileOutput.line()
            for facet in page.facets where !facet.entities.isEmpty {
                let entities = facet.entities.map { "\($0.name) (\($0.documents))" }.joined(separator: ", ")
                FileOutput.line(Terminal.colored("\(facet.type):", "1") + " " + entities)
            }
        }
        let total = page.total ?? UInt64(page.hits.count)
        FileOutput.standardError.write("\(Formatting.thousands(Int(total))) hits\(page.hits.isEmpty ? "" : ", showing \(page.hits.count)")\n")
    }

    /// The snippet with its highlights in bold (terms) or bold yellow (entities); «» around
    /// them when the output is not a terminal.
    static func marked(_ snippet: String, _ highlights: [HighlightMessage], colored: Bool) -> String {
        let bytes = Array(snippet.utf8)
        var result = ""
        var cursor = 0
        for highlight in highlights.sorted(by: { $0.start < $1.start }) {
            let start = Int(highlight.start)
            let end = Int(highlight.end)
            guard start >= cursor, end <= bytes.count, start < end else { continue }
            result += String(decoding: bytes[cursor..<start], as: UTF8.self)
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            result += colored ? Terminal.colored(text, highlight.kind == "entity" ? "1;33" : "1") : "«\(text)»"
            cursor = end
        }
        result += String(decoding: bytes[min(cursor, bytes.count)...], as: UTF8.self)
        return result
    }
}

/// `query --json`.
struct QueryJSON: Encodable {
    struct Highlight: Encodable {
        var start: UInt64
        var end: UInt64
        var kind: String
        var entity: String?
    }

    struct Hit: Encodable {
        var key: String
        var version: UInt32
        var sequence: UInt64
        var score: Double
        var title: String
        var source: String
        var published: String?
        var day: String
        var snippet: String
        var highlights: [Highlight]
    }

    var query: String
    var total: UInt64
    var next: String?
    var indexedSequence: UInt64
    var asOf: Int64?
    var hits: [Hit]
    var facets: [String: [EntityJSON]]

    init(query: String, page: QueryPage) {
        self.query = query
        self.total = page.total ?? 0
        self.next = page.next
        self.indexedSequence = page.indexedSequence ?? 0
        self.asOf = page.asOfMilliseconds
        self.hits = page.hits.map { hit in
            Hit(
                key: hit.key, version: hit.version, sequence: hit.sequence, score: Double(hit.score) ?? 0, title: hit.title, source: hit.source,
                published: hit.published.isEmpty ? nil : hit.published, day: hit.day, snippet: hit.snippet,
                highlights: hit.highlights.map { Highlight(start: $0.start, end: $0.end, kind: $0.kind, entity: $0.entityID) })
        }
        self.facets = Dictionary(page.facets.map { ($0.type, $0.entities.map(EntityJSON.init)) }, uniquingKeysWith: { first, _ in first })
    }

    enum CodingKeys: String, CodingKey {
        case query, total, next, hits, facets
        case indexedSequence = "indexed_sequence"
        case asOf = "as_of_ms"
    }
}
