/// The names of a query's entities, compiled once per query to be found in each hit's
/// snippet: whole words, leftmost first and the longest name where several start at one
/// place; case-insensitive (ASCII) except acronyms, which match as written, and a capitalised
/// name's first letter ("the north" is not "North"). One pass over a text: only the names that
/// can start with a word's first byte are tried there.
public struct EntityNames: Sendable {
    private struct Pattern: Sendable {
        var needle: [UInt8]
        var acronym: Bool
        /// Written with a capital first letter: the text needs one there too.
        var capitalized: Bool
        var entityID: String
    }

    /// Longest first.
    private let patterns: [Pattern]
    /// For each byte, the patterns that may start with it (longest first).
    private let starting: [[Int]]
    /// For each byte, whether any pattern may start with it: most bytes of a text cost this
    /// one lookup (fetching the byte's list, even an empty one, retained and released it).
    private let mayStart: [Bool]

    public init(_ forms: [EntityForm]) {
        var patterns: [Pattern] = []
        for form in forms {
            let raw = Array(form.text.utf8)
            guard !raw.isEmpty else { continue }
            let acronym = raw.contains(where: ByteText.isUppercase) && !raw.contains(where: ByteText.isLowercase)
            patterns.append(
                Pattern(
                    needle: acronym ? raw : raw.map(ByteText.lowercased), acronym: acronym, capitalized: ByteText.isUppercase(raw[0]),
                    entityID: form.entityID))
        }
        patterns.sort { $0.needle.count > $1.needle.count }
        var starting = [[Int]](repeating: [], count: patterns.isEmpty ? 0 : 256)
        for (index, pattern) in patterns.enumerated() {
            let first = pattern.needle[0]
            if pattern.acronym || !pattern.capitalized { starting[Int(first)].append(index) }
            if !pattern.acronym && ByteText.uppercased(first) != first { starting[Int(ByteText.uppercased(first))].append(index) }
        }
        self.patterns = patterns
        self.starting = starting
        self.mayStart = starting.map { !$0.isEmpty }
    }

    /// The names' whole-word occurrences in `text`, leftmost first, given the text's word
    /// starts (`WordBits`: as the matcher reads
    /// them, curly quotes and dashes separate words, so a name in quotes, "“North Korea”",
    /// is found, which a check of "letter, digit or any non-ASCII byte" missed).
    func find(in text: UnsafeBufferPointer<UInt8>, words: WordBits) -> [Snippet.Highlight] {
        guard !self.patterns.isEmpty else { return [] }
        var found: [Snippet.Highlight] = []
        var resume = 0
        words.forEachStart { at in
            guard at >= resume, self.mayStart[Int(text[at])] else { return }
            for index in self.starting[Int(text[at])] {
                let pattern = self.patterns[index]
                let end = at + pattern.needle.count
                guard end <= text.count, end == text.count || !words.isWord(end) else { continue }
                var matched = true
                for offset in 1..<pattern.needle.count {
                    let byte = pattern.acronym ? text[at + offset] : ByteText.lowercased(text[at + offset])
                    if byte != pattern.needle[offset] {
                        matched = false
                        break
                    }
                }
                if matched {
                    found.append(Snippet.Highlight(range: at..<end, kind: .entity, entityID: pattern.entityID))
                    resume = end
                    return
                }
            }
        }
        return found
    }
}
