/// Light stemming for English: plural endings only (Harman's "S" stemmer), so that "drones"
/// finds "drone" and "missiles" "missile", without the surprises of a full stemmer
/// ("general" and "generous" stay apart). Applied to index terms and query words alike.
enum Stemmer {
    static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        let length = bytes.withUnsafeMutableBufferPointer { self.stem($0) }
        return String(decoding: bytes[0..<length], as: UTF8.self)
    }

    /// Stems folded (lowercase) UTF-8 bytes in place; returns the new length.
    static func stem(_ word: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let count = word.count
        guard count > 3, word[count - 1] == UInt8(ascii: "s") else { return count }
        let e = UInt8(ascii: "e")
        let a = UInt8(ascii: "a")
        let o = UInt8(ascii: "o")
        let before = word[count - 2]
        if before == e, word[count - 3] == UInt8(ascii: "i"), count > 4 ? (word[count - 4] != e && word[count - 4] != a) : true {
            word[count - 3] = UInt8(ascii: "y")
            return count - 2
        }
        if before == e, word[count - 3] != a, word[count - 3] != e, word[count - 3] != o { return count - 1 }
        if before != UInt8(ascii: "u"), before != UInt8(ascii: "s") { return count - 1 }
        return count
    }
}
