/// Slugs for ids: lowercase ASCII letters and digits, other runs of characters as one '-',
/// accents folded ("Jean-Loup Samaan" -> "jean-loup-samaan", "Brasília" -> "brasilia").
enum Slug {
    static func make(_ text: String) -> String {
        var result: [UInt8] = []
        var pendingDash = false
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let (symbol, length) = SymbolAlphabet.symbol(buffer, at: index)
                index += length
                let character: UInt8?
                if symbol >= SymbolAlphabet.firstLetter {
                    character = UInt8(ascii: "a") + (symbol - SymbolAlphabet.firstLetter)
                } else if symbol >= SymbolAlphabet.firstDigit {
                    character = UInt8(ascii: "0") + (symbol - SymbolAlphabet.firstDigit)
                } else {
                    character = nil
                }
                if let character {
                    if pendingDash && !result.isEmpty { result.append(UInt8(ascii: "-")) }
                    pendingDash = false
                    result.append(character)
                } else if symbol != SymbolAlphabet.apostrophe {
                    pendingDash = true
                }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
