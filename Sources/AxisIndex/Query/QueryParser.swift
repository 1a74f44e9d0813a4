import AxisCalendar

/// The query language's grammar (docs/query-language.md):
///
/// ```
/// query   = or
/// or      = and { "OR" and }
/// and     = unary { ["AND"] unary }          (AND is the default between terms)
/// unary   = ("NOT" | "-") unary | primary
/// primary = "(" or ")" | field | phrase | word
/// field   = ("entity" | "type" | "since" | "until" | "source" | "tag" | "key") ":" (word | phrase)
///         | "flow" ":" [party] ">" [party] [":" item]     (parts are words or phrases)
/// ```
///
/// A recursive-descent parser over `QueryLexer`'s tokens. Errors name the position and what
/// was expected there.
public enum QueryParser {
    /// The most nested parentheses and NOTs accepted (a guard against hostile input).
    static let maxDepth = 64

    public static func parse(_ query: String) throws(QuerySyntaxError) -> QueryNode {
        var parser = Parser(tokens: try QueryLexer.tokens(query))
        guard parser.current.kind != .end else { throw QuerySyntaxError(offset: 0, "empty query: expected a word, a phrase or a field") }
        let node = try parser.or(depth: 0)
        switch parser.current.kind {
        case .end: return node
        case .close: throw QuerySyntaxError(offset: parser.current.offset, "unexpected ')': no '(' is open")
        default: throw QuerySyntaxError(offset: parser.current.offset, "expected AND, OR or the end of the query")
        }
    }

    private struct Parser {
        let tokens: [QueryLexer.Token]
        var index = 0

        var current: QueryLexer.Token { self.tokens[min(self.index, self.tokens.count - 1)] }

        mutating func advance() { self.index += 1 }

        mutating func or(depth: Int) throws(QuerySyntaxError) -> QueryNode {
            var children = [try self.and(depth: depth)]
            while self.current.kind == .or {
                self.advance()
                children.append(try self.and(depth: depth))
            }
            return children.count == 1 ? children[0] : .or(children)
        }

        mutating func and(depth: Int) throws(QuerySyntaxError) -> QueryNode {
            var children = [try self.unary(depth: depth)]
            while true {
                if self.current.kind == .and {
                    self.advance()
                    children.append(try self.unary(depth: depth))
                } else if self.startsUnary(self.current.kind) {
                    children.append(try self.unary(depth: depth))
                } else {
                    break
                }
            }
            return children.count == 1 ? children[0] : .and(children)
        }

        func startsUnary(_ kind: QueryLexer.Kind) -> Bool {
            switch kind {
            case .open, .minus, .not, .field, .phrase, .word: true
            case .close, .and, .or, .end: false
            }
        }

        mutating func unary(depth: Int) throws(QuerySyntaxError) -> QueryNode {
            guard depth < QueryParser.maxDepth else { throw QuerySyntaxError(offset: self.current.offset, "the query is nested too deeply") }
            switch self.current.kind {
            case .not, .minus:
                self.advance()
                return .not(try self.unary(depth: depth + 1))
            default:
                return try self.primary(depth: depth)
            }
        }

        mutating func primary(depth: Int) throws(QuerySyntaxError) -> QueryNode {
            let token = self.current
            switch token.kind {
            case .open:
                self.advance()
                guard self.current.kind != .close else {
                    throw QuerySyntaxError(offset: self.current.offset, "empty parentheses: expected a word, a phrase or a field")
                }
                let inner = try self.or(depth: depth + 1)
                guard self.current.kind == .close else {
                    throw QuerySyntaxError(offset: self.current.offset, "expected ')' to close the '(' at \(token.offset + 1)")
                }
                self.advance()
                return inner
            case .phrase(let text):
                self.advance()
                return .phrase(text)
            case .word(let text):
                self.advance()
                return .word(text)
            case .field(let name, let value, let quoted):
                self.advance()
                return try Self.field(name, value, quoted: quoted, offset: token.offset)
            case .end:
                throw QuerySyntaxError(offset: token.offset, "unexpected end of the query: expected a word, a phrase, a field or '('")
            case .close:
                throw QuerySyntaxError(offset: token.offset, "unexpected ')': expected a word, a phrase, a field or '('")
            case .and, .or:
                throw QuerySyntaxError(offset: token.offset, "expected a word, a phrase, a field or '(' before \(token.kind == .and ? "AND" : "OR")")
            case .not, .minus:
                throw QuerySyntaxError(offset: token.offset, "expected a word, a phrase, a field or '('")
            }
        }

        static func field(_ name: String, _ value: String, quoted: Bool, offset: Int) throws(QuerySyntaxError) -> QueryNode {
            let valueOffset = offset + name.count + 1
            switch name {
            case "entity": return .entity(value, offset: valueOffset)
            case "type":
                guard let type = EntityType(rawValue: value.lowercased()) else {
                    throw QuerySyntaxError(
                        offset: valueOffset, "unknown type '\(value)'; the types are \(EntityType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return .type(type)
            case "since", "until":
                guard let day = QueryDates.day(value, end: name == "until") else {
                    throw QuerySyntaxError(offset: valueOffset, "expected a date YYYY-MM-DD (or YYYY-MM, or YYYY) after \(name):, got '\(value)'")
                }
                return name == "since" ? .since(day) : .until(day)
            case "source": return .source(value.lowercased())
            case "tag": return .tag(value.lowercased())
            case "flow": return try FlowPattern.parse(value, offset: valueOffset)
            default:
                if !quoted, value.hasSuffix("*") { return .key(String(value.dropLast()), prefix: true) }
                return .key(value, prefix: false)
            }
        }
    }
}

/// Dates in queries: `YYYY-MM-DD`, or a month or a year (its first day for `since`, its last
/// for `until`).
enum QueryDates {
    static func day(_ text: String, end: Bool) -> Int32? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]) else { return nil }
        if parts.count == 3 { return CivilDay.parse(text) }
        let month: Int
        if parts.count == 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), (1...12).contains(value) else { return nil }
            month = value
        } else {
            month = end ? 12 : 1
        }
        guard end else { return Int32(CivilDay.days(year: year, month: month, day: 1)) }
        // The last day: the day before the next month's first.
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        return Int32(CivilDay.days(year: next.0, month: next.1, day: 1) - 1)
    }
}
