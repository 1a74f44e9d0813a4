/// A small strict JSON parser (RFC 8259) over UTF-8 bytes that records line numbers.
///
/// Foundation's parser reports byte offsets at best; users editing a gazetteer need the line
/// of the entity that is wrong. Nesting is capped so hostile input cannot exhaust the stack.
struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private let file: String
    private static let maxDepth = 64

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    /// Parses one document: a single value followed only by whitespace.
    mutating func parseDocument() throws(GazetteerError) -> JSONValue {
        // Skip a UTF-8 byte order mark, which some editors write.
        if self.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.index = 3 }
        let value = try self.parseValue(depth: 0)
        self.skipWhitespace()
        guard self.index == self.bytes.count else {
            throw self.error("unexpected text after the end of the JSON document")
        }
        return value
    }

    private func error(_ message: String) -> GazetteerError {
        GazetteerError(file: self.file, line: self.line, message: message)
    }

    private mutating func skipWhitespace() {
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case 0x0A: self.line += 1
            case 0x20, 0x09, 0x0D: break
            default: return
            }
            self.index += 1
        }
    }

    private mutating func parseValue(depth: Int) throws(GazetteerError) -> JSONValue {
        guard depth < Self.maxDepth else { throw self.error("JSON nested more than \(Self.maxDepth) levels deep") }
        self.skipWhitespace()
        guard self.index < self.bytes.count else { throw self.error("unexpected end of file, a value was expected") }
        let startLine = self.line
        switch self.bytes[self.index] {
        case UInt8(ascii: "{"): return JSONValue(content: try self.parseObject(depth: depth), line: startLine)
        case UInt8(ascii: "["): return JSONValue(content: try self.parseArray(depth: depth), line: startLine)
        case UInt8(ascii: "\""): return JSONValue(content: .string(try self.parseString()), line: startLine)
        case UInt8(ascii: "t"): try self.expectLiteral("true"); return JSONValue(content: .bool(true), line: startLine)
        case UInt8(ascii: "f"): try self.expectLiteral("false"); return JSONValue(content: .bool(false), line: startLine)
        case UInt8(ascii: "n"): try self.expectLiteral("null"); return JSONValue(content: .null, line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(content: .number(try self.parseNumber()), line: startLine)
        default:
            throw self.error("unexpected character '\(Self.printable(self.bytes[self.index]))', a JSON value was expected")
        }
    }

    private static func printable(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(GazetteerError) {
        let count = literal.utf8CodeUnitCount
        let matches = literal.withUTF8Buffer { expected in
            self.index + count <= self.bytes.count
                && (0..<count).allSatisfy { self.bytes[self.index + $0] == expected[$0] }
        }
        guard matches else { throw self.error("invalid literal, expected '\(literal)'") }
        self.index += count
    }

    private mutating func parseObject(depth: Int) throws(GazetteerError) -> JSONValue.Content {
        self.index += 1
        var members: [(key: String, value: JSONValue)] = []
        self.skipWhitespace()
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "}") {
            self.index += 1
            return .object(members)
        }
        while true {
            self.skipWhitespace()
            guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\"") else {
                throw self.error("an object key in double quotes was expected")
            }
            let key = try self.parseString()
            self.skipWhitespace()
            guard self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: ":") else {
                throw self.error("':' was expected after the key \"\(key)\"")
            }
            self.index += 1
            members.append((key, try self.parseValue(depth: depth + 1)))
            self.skipWhitespace()
            guard self.index < self.bytes.count else { throw self.error("unexpected end of file inside an object") }
            let next = self.bytes[self.index]
            self.index += 1
            if next == UInt8(ascii: "}") { return .object(members) }
            guard next == UInt8(ascii: ",") else { throw self.error("',' or '}' was expected in an object") }
        }
    }

    private mutating func parseArray(depth: Int) throws(GazetteerError) -> JSONValue.Content {
        self.index += 1
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if self.index < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "]") {
            self.index += 1
            return .array(elements)
        }
        while true {
            elements.append(try self.parseValue(depth: depth + 1))
            self.skipWhitespace()
            guard self.index < self.bytes.count else { throw self.error("unexpected end of file inside an array") }
            let next = self.bytes[self.index]
            self.index += 1
            if next == UInt8(ascii: "]") { return .array(elements) }
            guard next == UInt8(ascii: ",") else { throw self.error("',' or ']' was expected in an array") }
        }
    }

    private mutating func parseNumber() throws(GazetteerError) -> Double {
        let start = self.index
        while self.index < self.bytes.count {
            switch self.bytes[self.index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                self.index += 1
            default:
                let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
                guard let value = Double(text) else { throw self.error("invalid number '\(text)'") }
                return value
            }
        }
        let text = String(decoding: self.bytes[start..<self.index], as: UTF8.self)
        guard let value = Double(text) else { throw self.error("invalid number '\(text)'") }
        return value
    }

    private mutating func parseString() throws(GazetteerError) -> String {
        self.index += 1
        var utf8: [UInt8] = []
        while self.index < self.bytes.count {
            let byte = self.bytes[self.index]
            if byte == UInt8(ascii: "\"") {
                self.index += 1
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte < 0x20 { throw self.error("control character inside a string (an unescaped newline?)") }
            if byte == UInt8(ascii: "\\") {
                utf8.append(contentsOf: String(Character(try self.parseEscape())).utf8)
                continue
            }
            utf8.append(byte)
            self.index += 1
        }
        throw self.error("unterminated string")
    }

    /// Parses one escape sequence (the index is at the backslash) and returns its scalar.
    private mutating func parseEscape() throws(GazetteerError) -> Unicode.Scalar {
        guard self.index + 1 < self.bytes.count else { throw self.error("unterminated escape sequence") }
        let kind = self.bytes[self.index + 1]
        self.index += 2
        switch kind {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try self.parseHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard self.index + 1 < self.bytes.count, self.bytes[self.index] == UInt8(ascii: "\\"),
                    self.bytes[self.index + 1] == UInt8(ascii: "u")
                else { throw self.error("unpaired surrogate in \\u escape") }
                self.index += 2
                let low = try self.parseHex4()
                guard (0xDC00..<0xE000).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                else { throw self.error("invalid surrogate pair in \\u escape") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw self.error("invalid \\u escape") }
            return scalar
        default:
            throw self.error("invalid escape '\\\(Self.printable(kind))'")
        }
    }

    private mutating func parseHex4() throws(GazetteerError) -> UInt32 {
        guard self.index + 4 <= self.bytes.count else { throw self.error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw self.error("invalid hex digit in \\u escape")
            }
            value = value << 4 | digit
            self.index += 1
        }
        return value
    }
}
