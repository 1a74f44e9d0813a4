/// A generated vocabulary with a Zipf distribution: a few words are very common, most are
/// rare, as in real text. Common function words take the top ranks; tens of thousands of
/// made-up words (from syllables, so they look and compress like words) fill the tail.
struct Vocabulary {
    let words: [String]
    /// Cumulative probabilities by rank, for sampling with a binary search.
    private let cumulative: [Double]

    static let functionWords = [
        "the", "of", "and", "to", "in", "a", "that", "is", "for", "on", "with", "as", "by", "was", "said", "it",
        "from", "at", "has", "have", "its", "be", "are", "an", "this", "which", "not", "but", "were", "had",
        "their", "or", "also", "been", "would", "after", "more", "than", "will", "could", "about", "into",
        "over", "they", "other", "new", "officials", "report", "military", "government", "according", "week",
    ]

    private static let onsets = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kh", "l", "m", "n", "p", "pr", "r", "s", "sh", "st", "t", "tr", "v", "z"]
    private static let vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ia", "ei"]
    private static let codas = ["", "", "n", "r", "s", "l", "t", "k", "m", "nd", "st"]

    /// - Parameters:
    ///   - size: distinct words.
    ///   - exponent: the Zipf exponent (about 1 for English).
    init(size: Int, exponent: Double = 1.07, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var seen = Set(Self.functionWords)
        var words = Self.functionWords
        while words.count < size {
            var word = ""
            for _ in 0..<(1 + Int(random.next() % 3)) {
                word += Self.onsets.randomElement(using: &random)! + Self.vowels.randomElement(using: &random)!
                    + Self.codas.randomElement(using: &random)!
            }
            if seen.insert(word).inserted { words.append(word) }
        }
        self.words = words
        var cumulative: [Double] = []
        cumulative.reserveCapacity(size)
        var total = 0.0
        for rank in 1...size {
            total += 1 / pow(Double(rank), exponent)
            cumulative.append(total)
        }
        self.cumulative = cumulative.map { $0 / total }
    }

    /// A word, drawn by its Zipf probability.
    func sample(using random: inout SplitMix64) -> String {
        let target = Double(random.next() >> 11) / Double(1 << 53)
        var low = 0
        var high = self.cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if self.cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return self.words[low]
    }
}

import Foundation
