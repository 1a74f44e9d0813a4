/// Numbers written as words, scale words and the words that qualify a number.
enum NumberWords {
    static let cardinals: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "dozen": 12,
        "a dozen": 12, "a hundred": 100, "a thousand": 1000, "a million": 1_000_000,
    ]
    static let scales: [String: Double] = [
        "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "mn": 1_000_000,
        "bn": 1_000_000_000, "m": 1_000_000, "k": 1000,
    ]
    /// "thousands of troops": vague amounts, always followed by "of".
    static let vague: [String: Double] = [
        "dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "millions": 1_000_000, "billions": 1_000_000_000,
    ]
    /// One-word qualifiers directly before the number.
    static let singleQualifiers: [String: Quantity.Qualifier] = [
        "over": .over, "above": .over, "exceeding": .over, "about": .about, "approximately": .about,
        "around": .about, "roughly": .about, "some": .about, "estimated": .about, "nearly": .nearly,
        "almost": .nearly, "under": .nearly, "upwards": .over,
    ]
    /// Two-word qualifiers ("more than", "up to", "at least", ...), keyed by "first second".
    static let pairQualifiers: [String: Quantity.Qualifier] = [
        "more than": .over, "up to": .upTo, "at least": .atLeast, "close to": .nearly, "fewer than": .nearly,
        "less than": .nearly, "as many": .upTo, "in excess": .over, "well over": .over, "just over": .over,
        "just under": .nearly, "an estimated": .about,
    ]
    /// Cardinals, scales and vague amounts, for a quick test straight on the bytes (any case).
    /// Callers that test many words fetch it once: each access to a global runs its lazy-init
    /// check.
    static let numberWords = WordTable<Bool>(
        (Array(cardinals.keys) + Array(scales.keys) + Array(vague.keys)).filter { !$0.contains(" ") }.map { ($0, true) })

    /// Words allowed between the number and the unit besides adjectives and demonyms.
    static let determiners: Set<String> = ["its", "their", "his", "her", "the", "our", "those", "these"]
    /// Lowercase words that cannot be adjectives of a unit ("5 in troops" is no quantity).
    static let nonAdjectives: Set<String> = [
        "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "but", "as", "than", "that",
        "which", "who", "was", "were", "is", "are", "be", "been", "has", "have", "had", "will", "would", "could",
        "may", "might", "a", "an", "the", "its", "their", "his", "her", "our", "per", "percent", "years", "year",
        "days", "months", "weeks", "times", "per cent", "about", "some", "over", "up", "into", "since",
    ]
}
