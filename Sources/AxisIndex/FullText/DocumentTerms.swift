/// A document's words, grouped by term, ready for the index: built in the indexer's lanes
/// (off the index's lock), then numbered and appended under it.
///
/// Built in one scan without a String or an allocation per word: each word's bytes are
/// looked up in a small open-addressing table of the document's distinct terms, the word
/// sequence is kept as term numbers, and a counting sort groups the positions by term.
public struct DocumentTerms: Sendable {
    /// The distinct terms, in order of first appearance.
    public private(set) var terms: [String] = []
    /// Term `i`'s positions are `positions[starts[i]..<starts[i + 1]]`, ascending.
    private(set) var starts: [UInt32] = [0]
    private(set) var positions: [UInt32] = []
    /// Words in the document (BM25's document length).
    public private(set) var length: UInt32 = 0

    /// Positions between the title and the body, so that no phrase spans them.
    static let titleGap: UInt32 = 16
    /// Distinct terms indexed per document: a text of unique made-up tokens (a client
    /// inflating the index at will) stops adding terms here; its later new words count for
    /// the document's length but are not searchable. Real articles have 300-3,000.
    public static let maxDistinctTerms = 20_000
    /// Words indexed per document (about 6 MB of text); the rest is stored, not indexed.
    public static let maxIndexedWords = 1_000_000

    public init() {}

    /// The positions of term `index`.
    func positions(of index: Int) -> ArraySlice<UInt32> {
        self.positions[Int(self.starts[index])..<Int(self.starts[index + 1])]
    }

    /// The title's words, then the body's.
    public init(title: String, body: String) {
        var builder = Builder(expectedWords: body.utf8.count / 5 + 16)
        var title = title
        title.withUTF8 { bytes in Tokenizer.scan(bytes) { word, _ in builder.add(word) } }
        if builder.sequence.count > 0 { builder.skip(Self.titleGap) }
        var body = body
        body.withUTF8 { bytes in Tokenizer.scan(bytes) { word, _ in builder.add(word) } }
        self = builder.build()
    }

    init(terms: [String], starts: [UInt32], positions: [UInt32], length: UInt32) {
        self.terms = terms
        self.starts = starts
        self.positions = positions
        self.length = length
    }

    /// Collects words: term numbers per position, distinct terms' bytes in one arena.
    private struct Builder {
        var arena: [UInt8] = []
        var offsets: [UInt32] = []
        var lengths: [UInt8] = []
        var hashes: [UInt64] = []
        var slots: [Int32]
        var mask: Int
        /// Term number per word position (`UInt32.max` for a gap).
        var sequence: [UInt32] = []

        init(expectedWords: Int) {
            var capacity = 64
            while capacity < expectedWords { capacity <<= 1 }
            self.slots = Array(repeating: -1, count: capacity)
            self.mask = capacity - 1
            self.sequence.reserveCapacity(expectedWords)
            self.arena.reserveCapacity(expectedWords * 3)
        }

        mutating func skip(_ positions: UInt32) {
            self.sequence.append(contentsOf: repeatElement(UInt32.max, count: Int(positions)))
        }

        mutating func add(_ word: UnsafeBufferPointer<UInt8>) {
            guard self.sequence.count < DocumentTerms.maxIndexedWords else { return }
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in word { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            var slot = Int(truncatingIfNeeded: hash) & self.mask
            while true {
                let term = self.slots[slot]
                if term < 0 {
                    guard self.offsets.count < DocumentTerms.maxDistinctTerms else {
                        // Over the cap: a word of the text, but not a term of the index.
                        self.sequence.append(UInt32.max)
                        return
                    }
                    let number = UInt32(self.offsets.count)
                    self.slots[slot] = Int32(number)
                    self.offsets.append(UInt32(self.arena.count))
                    self.lengths.append(UInt8(word.count))
                    self.hashes.append(hash)
                    self.arena.append(contentsOf: word)
                    self.sequence.append(number)
                    // Keep the table at most half full.
                    if self.offsets.count * 2 > self.slots.count { self.grow() }
                    return
                }
                if self.hashes[Int(term)] == hash && self.equals(Int(term), word) {
                    self.sequence.append(UInt32(term))
                    return
                }
                slot = (slot + 1) & self.mask
            }
        }

        func equals(_ term: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            guard Int(self.lengths[term]) == word.count else { return false }
            let offset = Int(self.offsets[term])
            for index in 0..<word.count where self.arena[offset + index] != word[index] { return false }
            return true
        }

        mutating func grow() {
            self.slots = Array(repeating: -1, count: self.slots.count * 2)
            self.mask = self.slots.count - 1
            for (term, hash) in self.hashes.enumerated() {
                var slot = Int(truncatingIfNeeded: hash) & self.mask
                while self.slots[slot] >= 0 { slot = (slot + 1) & self.mask }
                self.slots[slot] = Int32(term)
            }
        }

        func build() -> DocumentTerms {
            let count = self.offsets.count
            var starts = [UInt32](repeating: 0, count: count + 1)
            for term in self.sequence where term != UInt32.max { starts[Int(term) + 1] += 1 }
            for index in 0..<count { starts[index + 1] += starts[index] }
            var next = starts
            var positions = [UInt32](repeating: 0, count: Int(starts[count]))
            for (position, term) in self.sequence.enumerated() where term != UInt32.max {
                positions[Int(next[Int(term)])] = UInt32(position)
                next[Int(term)] += 1
            }
            let terms = (0..<count).map { term in
                let offset = Int(self.offsets[term])
                return String(decoding: self.arena[offset..<(offset + Int(self.lengths[term]))], as: UTF8.self)
            }
            return DocumentTerms(terms: terms, starts: starts, positions: positions, length: UInt32(self.sequence.count))
        }
    }
}
