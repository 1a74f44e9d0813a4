/// Cuts a query into tokens, each with its position in UTF-8 bytes from the start of the
/// query (PROTOCOL.md §8.1: every offset on the wire counts bytes).
struct QueryLexer {
    enum Kind: Sendable, Hashable {
        case open, close, minus
        case and, or, not
        /// `name:value`; `quoted` when the value was "in quotes".
        case field(name: String, value: String, quoted: Bool)
        case phrase(String)
        case word(String)
        case end
    }

    struct Token: Sendable, Hashable {
        var kind: Kind
        var offset: Int
    }

    static let fields: Set<String> = ["entity", "type", "since", "until", "source", "tag", "key", "flow"]

    static func tokens(_ query: String) throws(QuerySyntaxError) -> [Token] {
        if let words = Self.plainWords(query) { return words }
        // The lexer walks characters; positions leave it as byte offsets.
        var byteOffsets: [Int] = []
        var bytes = 0
        for character in query {
            byteOffsets.append(bytes)
            bytes += character.utf8.count
        }
        byteOffsets.append(bytes)
        func inBytes(_ characterOffset: Int) -> Int { byteOffsets[min(max(0, characterOffset), byteOffsets.count - 1)] }
        do {
            return try Self.characterTokens(query).map { Token(kind: $0.kind, offset: inBytes($0.offset)) }
        } catch {
            throw QuerySyntaxError(offset: inBytes(error.offset), error.message)
        }
    }

    /// The tokens of a query of ASCII letters, digits and spaces only (most queries scripts
    /// send), found without walking Characters: such a query has no fields, quotes or
    /// parentheses, and its byte and character offsets agree. nil for any other query.
    static func plainWords(_ query: String) -> [Token]? {
        var tokens: [Token] = []
        var start: Int?
        var offset = 0
        func endWord(at end: Int) {
            guard let begin = start else { return }
            let word = String(Substring(query.utf8.dropFirst(begin).prefix(end - begin)))
            switch word {
            case "AND": tokens.append(Token(kind: .and, offset: begin))
            case "OR": tokens.append(Token(kind: .or, offset: begin))
            case "NOT": tokens.append(Token(kind: .not, offset: begin))
            default: tokens.append(Token(kind: .word(word), offset: begin))
            }
            start = nil
        }
        for byte in query.utf8 {
            switch byte {
            case UInt8(ascii: " "): endWord(at: offset)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if start == nil { start = offset }
            default: return nil
            }
            offset += 1
        }
        endWord(at: offset)
        tokens.append(Token(kind: .end, offset: offset))
        return tokens
    }

    /// The tokens with positions in characters.
    static func characterTokens(_ query: String) throws(QuerySyntaxError) -> [Token] {
        let characters = Array(query)
        var tokens: [Token] = []
        var index = 0
        func isSpace(_ character: Character) -> Bool { character.isWhitespace }
        func isQuote(_ character: Character) -> Bool { character == "\"" || character == "“" || character == "”" }
        func isBreak(_ character: Character) -> Bool { isSpace(character) || character == "(" || character == ")" || isQuote(character) }

        /// A quoted string starting at `index` (on the quote); returns its text and the index after it.
        func quoted(from start: Int) throws(QuerySyntaxError) -> (String, Int) {
            var end = start + 1
            while end < characters.count && !isQuote(characters[end]) { end += 1 }
            guard end < characters.count else { throw QuerySyntaxError(offset: start, "unclosed quote: expected a closing \"") }
            return (String(characters[(start + 1)..<end]), end + 1)
        }

        while index < characters.count {
            let character = characters[index]
            if isSpace(character) {
                index += 1
                continue
            }
            let start = index
            switch character {
            case "(":
                tokens.append(Token(kind: .open, offset: start))
                index += 1
            case ")":
                tokens.append(Token(kind: .close, offset: start))
                index += 1
            case "-" where index + 1 < characters.count && !isBreak(characters[index + 1]):
                tokens.append(Token(kind: .minus, offset: start))
                index += 1
            case _ where isQuote(character):
                let (text, next) = try quoted(from: index)
                tokens.append(Token(kind: .phrase(text), offset: start))
                index = next
            default:
                var end = index
                while end < characters.count && !isBreak(characters[end]) {
                    if characters[end] == ":" { break }
                    end += 1
                }
                let head = String(characters[start..<end])
                // `name:` makes a field when the name is one; URLs and other colons stay words.
                if end < characters.count, characters[end] == ":", !(end + 1 < characters.count && characters[end + 1] == "/") {
                    let name = head.lowercased()
                    guard Self.fields.contains(name) else {
                        if head.allSatisfy({ $0.isLetter }) && !head.isEmpty {
                            throw QuerySyntaxError(
                                offset: start, "unknown field '\(head):'; the fields are \(Self.fields.sorted().joined(separator: ", "))")
                        }
                        // Not a field name: the whole run is a word.
                        var wordEnd = end
                        while wordEnd < characters.count && !isBreak(characters[wordEnd]) { wordEnd += 1 }
                        tokens.append(Token(kind: .word(String(characters[start..<wordEnd])), offset: start))
                        index = wordEnd
                        continue
                    }
                    let valueStart = end + 1
                    guard valueStart < characters.count, !isSpace(characters[valueStart]), characters[valueStart] != ")" else {
                        throw QuerySyntaxError(offset: valueStart, "expected a value after '\(name):'")
                    }
                    if name == "flow" {
                        // Parts may be quoted: flow:"North Korea">Russia:drone. The value runs
                        // to the next space or parenthesis, quotes kept for the parser.
                        var valueEnd = valueStart
                        var value = ""
                        while valueEnd < characters.count && !isSpace(characters[valueEnd]) && characters[valueEnd] != "(" && characters[valueEnd] != ")" {
                            if isQuote(characters[valueEnd]) {
                                let (text, next) = try quoted(from: valueEnd)
                                value += "\"" + text + "\""
                                valueEnd = next
                            } else {
                                value.append(characters[valueEnd])
                                valueEnd += 1
                            }
                        }
                        tokens.append(Token(kind: .field(name: name, value: value, quoted: false), offset: start))
                        index = valueEnd
                        continue
                    }
                    if isQuote(characters[valueStart]) {
                        let (text, next) = try quoted(from: valueStart)
                        tokens.append(Token(kind: .field(name: name, value: text, quoted: true), offset: start))
                        index = next
                    } else {
                        var valueEnd = valueStart
                        while valueEnd < characters.count && !isBreak(characters[valueEnd]) { valueEnd += 1 }
                        tokens.append(Token(kind: .field(name: name, value: String(characters[valueStart..<valueEnd]), quoted: false), offset: start))
                        index = valueEnd
                    }
                    continue
                }
                var wordEnd = end
                while wordEnd < characters.count && !isBreak(characters[wordEnd]) { wordEnd += 1 }
                let word = String(characters[start..<wordEnd])
                switch word {
                case "AND": tokens.append(Token(kind: .and, offset: start))
                case "OR": tokens.append(Token(kind: .or, offset: start))
                case "NOT": tokens.append(Token(kind: .not, offset: start))
                default: tokens.append(Token(kind: .word(word), offset: start))
                }
                index = wordEnd
            }
        }
        tokens.append(Token(kind: .end, offset: characters.count))
        return tokens
    }
}
