import AxisCalendar
@testable import AxisIndex
import Testing

@Suite("Query language: parser")
struct QueryParserTests {
    func parse(_ query: String) throws -> QueryNode { try QueryParser.parse(query) }

    @Test("error offsets count UTF-8 bytes (PROTOCOL.md §8.1), not characters", arguments: [
        ("é \"open", 3), ("🇰🇵🇰🇵 (shells", 24), ("(shells", 7), (")", 0),
    ])
    func byteOffsets(query: String, offset: Int) {
        #expect(throws: QuerySyntaxError.self) { try QueryParser.parse(query) }
        do {
            _ = try QueryParser.parse(query)
        } catch {
            #expect(error.offset == offset, "\(query): \(error)")
        }
    }

    @Test("words, phrases and fields; AND is the default")
    func basics() throws {
        #expect(try self.parse("artillery") == .word("artillery"))
        #expect(try self.parse("artillery shells") == .and([.word("artillery"), .word("shells")]))
        #expect(try self.parse("\"artillery shells\" Russia") == .and([.phrase("artillery shells"), .word("Russia")]))
        #expect(try self.parse("entity:country:north-korea") == .entity("country:north-korea", offset: 7))
        #expect(try self.parse("entity:\"Kim Jong-un\" since:2024-01-01") == .and([
            .entity("Kim Jong-un", offset: 7), .since(Int32(CivilDay.parse("2024-01-01") ?? 0)),
        ]))
        #expect(try self.parse("type:weapon source:Reuters tag:Korea key:reuters/*") == .and([
            .type(.weapon), .source("reuters"), .tag("korea"), .key("reuters/", prefix: true),
        ]))
        #expect(try self.parse("key:reuters/2024-10-03") == .key("reuters/2024-10-03", prefix: false))
        // A colon that is not a field, and lowercase operators, are words.
        #expect(try self.parse("https://example.org/a and b") == .and([.word("https://example.org/a"), .word("and"), .word("b")]))
    }

    @Test("OR binds looser than AND; NOT and - negate; parentheses group")
    func precedence() throws {
        #expect(try self.parse("a b OR c") == .or([.and([.word("a"), .word("b")]), .word("c")]))
        #expect(try self.parse("a AND (b OR c)") == .and([.word("a"), .or([.word("b"), .word("c")])]))
        #expect(try self.parse("drones -Iran NOT Russia") == .and([.word("drones"), .not(.word("Iran")), .not(.word("Russia"))]))
        #expect(try self.parse("NOT (a OR b)") == .not(.or([.word("a"), .word("b")])))
        // A dash inside a word or alone is not a negation.
        #expect(try self.parse("Kim Jong-un") == .and([.word("Kim"), .word("Jong-un")]))
        #expect(try self.parse("a - b") == .and([.word("a"), .word("-"), .word("b")]))
    }

    @Test("dates: a day, a month or a year; since takes the first day, until the last")
    func dates() throws {
        #expect(try self.parse("since:2024-02") == .since(Int32(CivilDay.parse("2024-02-01") ?? 0)))
        #expect(try self.parse("until:2024-02") == .until(Int32(CivilDay.parse("2024-02-29") ?? 0)))
        #expect(try self.parse("until:2023") == .until(Int32(CivilDay.parse("2023-12-31") ?? 0)))
    }

    @Test(
        "errors say where and what was expected",
        arguments: [
            ("", 0, "empty query"),
            ("a OR", 4, "unexpected end"),
            ("(a OR b", 7, "expected ')'"),
            ("a b)", 3, "unexpected ')'"),
            ("\"shells", 0, "unclosed quote"),
            ("since:2024-13-01", 6, "expected a date"),
            ("since:2024-02-30", 6, "expected a date"),
            ("type:planet", 5, "unknown type"),
            ("entiy:x", 0, "unknown field"),
            ("source: reuters", 7, "expected a value"),
            ("OR a", 0, "before OR"),
            ("()", 1, "empty parentheses"),
        ])
    func errors(query: String, offset: Int, message: String) {
        #expect {
            _ = try QueryParser.parse(query)
        } throws: { error in
            guard let error = error as? QuerySyntaxError else { return false }
            return error.offset == offset && error.message.contains(message)
        }
    }

    @Test("hostile input: deep nesting is refused, long input is fine")
    func hostile() throws {
        let deep = String(repeating: "(", count: 500) + "a" + String(repeating: ")", count: 500)
        #expect(throws: QuerySyntaxError.self) { _ = try QueryParser.parse(deep) }
        #expect(throws: QuerySyntaxError.self) { _ = try QueryParser.parse(String(repeating: "NOT ", count: 500) + "a") }
        let long = Array(repeating: "word", count: 2000).joined(separator: " ")
        if case .and(let children) = try QueryParser.parse(long) { #expect(children.count == 2000) } else { Issue.record("not an AND") }
    }

    @Test("tokens: case, curly apostrophes, possessives, hyphens, numbers, plurals")
    func tokenizer() {
        #expect(Tokenizer.tokens("North Korea’s SHELLS").map(\.term) == ["north", "korea", "shell"])
        #expect(Tokenizer.tokens("Kim Jong-un didn't say").map(\.term) == ["kim", "jong", "un", "didnt", "say"])
        #expect(Tokenizer.tokens("10,000 troops; 2.5 million rounds.").map(\.term) == ["10000", "troop", "2.5", "million", "round"])
        #expect(Tokenizer.tokens("countries supplies glasses bus").map(\.term) == ["country", "supply", "glasse", "bus"])
        #expect(Tokenizer.tokens("Überläufer café").map(\.term) == ["überläufer", "café"])
        let text = "a “quoted” word"
        let tokens = Tokenizer.tokens(text)
        #expect(tokens.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) } == ["a", "quoted", "word"])
    }
}

@Suite("Query language: flow:")
struct FlowFieldTests {
    func parse(_ query: String) throws -> QueryNode { try QueryParser.parse(query) }

    @Test("supplier>recipient:item, each part optional, names quoted or not, ids with their colons")
    func forms() throws {
        #expect(try self.parse("flow:\"North Korea\">Russia") == .flow(supplier: "North Korea", recipient: "Russia", item: nil, offset: 5))
        #expect(try self.parse("flow:>Russia:drone") == .flow(supplier: nil, recipient: "Russia", item: "drone", offset: 5))
        #expect(try self.parse("flow:Iran>") == .flow(supplier: "Iran", recipient: nil, item: nil, offset: 5))
        #expect(try self.parse("flow:country:iran>country:russia:weapon:drone")
            == .flow(supplier: "country:iran", recipient: "country:russia", item: "weapon:drone", offset: 5))
        #expect(try self.parse("flow:>:\"artillery shells\" since:2024")
            == .and([.flow(supplier: nil, recipient: nil, item: "artillery shells", offset: 5), .since(Int32(CivilDay.parse("2024-01-01") ?? 0))]))
        #expect(try self.parse("(flow:Iran> OR flow:China>) drones") == .and([
            .or([.flow(supplier: "Iran", recipient: nil, item: nil, offset: 6), .flow(supplier: "China", recipient: nil, item: nil, offset: 20)]),
            .word("drones"),
        ]))
    }

    @Test("a flow without an arrow, or with nothing in it, is a syntax error at the value")
    func errors() {
        #expect(throws: QuerySyntaxError.self) { try self.parse("flow:Iran") }
        #expect(throws: QuerySyntaxError(offset: 5, "flow: needs a supplier, a recipient or an item (flow:Iran>, flow:>Russia:drone)")) {
            try self.parse("flow:>")
        }
    }

    @Test("documents that state such a flow, with roll-up and item classes; unknown names are errors")
    func evaluation() throws {
        let index = try FlowIndexTests.filled()
        func keys(_ query: String) throws -> Set<String> { Set(try index.query(query).hits.map(\.key)) }
        #expect(try keys("flow:\"North Korea\">Russia") == ["a", "b", "c", "d"])
        #expect(try keys("flow:Pyongyang>") == ["a"])
        #expect(try keys("flow:>Russia:missile") == ["a"])
        #expect(try keys("flow:Iran>") == ["e"])
        #expect(try keys("flow:>Russia:munitions source:ap") == ["d"])
        #expect(try keys("flow:Russia>") == [])
        #expect(throws: QuerySyntaxError.self) { try index.query("flow:Atlantis>") }
    }
}
