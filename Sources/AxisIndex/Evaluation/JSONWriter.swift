/// A minimal streaming JSON writer: keys in the order written, so the output is stable.
struct JSONWriter {
    private(set) var output = ""
    /// Whether the current container already has an element (a comma is needed before the next).
    private var needsComma: [Bool] = []
    private var afterKey = false

    private mutating func beginValue() {
        if self.afterKey {
            self.afterKey = false
            return
        }
        if let last = self.needsComma.last {
            if last { self.output += "," }
            self.needsComma[self.needsComma.count - 1] = true
        }
    }

    mutating func openObject() {
        self.beginValue()
        self.output += "{"
        self.needsComma.append(false)
    }

    mutating func closeObject() {
        self.needsComma.removeLast()
        self.output += "}"
    }

    mutating func openArray() {
        self.beginValue()
        self.output += "["
        self.needsComma.append(false)
    }

    mutating func closeArray() {
        self.needsComma.removeLast()
        self.output += "]"
    }

    mutating func key(_ key: String) {
        self.beginValue()
        self.output += Self.quoted(key) + ":"
        self.afterKey = true
    }

    mutating func string(_ value: String) {
        self.beginValue()
        self.output += Self.quoted(value)
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
