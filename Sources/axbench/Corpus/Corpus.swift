/// The benchmark corpus: article-like documents generated from a seed, the same on every run.
///
/// Each document has a key, a title, a source, a published date and a body of sentences drawn
/// from a Zipf vocabulary of tens of thousands of words, with names of countries, people,
/// places and weapons mixed in at a realistic rate. It is meant to resemble what users store
/// closely enough that compression, indexing and query figures carry over: varied text that
/// compresses like prose (about 3:1), not a few repeated sentences.
struct Corpus: Sendable {
    struct Document: Sendable {
        var key: String
        var title: String
        var source: String
        var published: String
        var body: [UInt8]
    }

    let documents: [Document]

    var totalBytes: Int { self.documents.reduce(0) { $0 + $1.body.count } }

    static let entityPhrases = [
        "North Korea", "Russia", "China", "Iran", "Ukraine", "South Korea", "Japan", "the United States",
        "Pyongyang", "Moscow", "Beijing", "Tehran", "Kyiv", "Seoul", "Kursk", "Crimea", "Vladivostok",
        "Kim Jong Un", "Vladimir Putin", "Xi Jinping", "Volodymyr Zelensky", "Sergei Shoigu", "Ali Khamenei",
        "artillery shells", "ballistic missiles", "Shahed drones", "KN-23 missiles", "troops", "dual-use goods",
        "microelectronics", "fighter jets", "air defense systems", "NATO", "the Kremlin", "the Pentagon",
        "the IRGC", "Rosoboronexport", "the Korean People's Army",
    ]
    static let verbs = ["supplied", "sent", "delivered", "shipped", "provided", "transferred", "received", "bought"]
    static let sources = ["reuters", "ap", "afp", "yonhap", "nknews", "bbc", "csis", "rand", "atlantic-council", "kyiv-independent"]

    /// Sentences that state a flow the extractor reads ("Pyongyang shipped about 3,000 artillery
    /// shells to Russia, officials said."), for the flow questions of `axbench query`.
    static let suppliers = ["North Korea", "Iran", "China", "Russia", "Pyongyang", "Tehran", "Beijing", "Belarus"]
    static let recipients = ["Russia", "Iran", "North Korea", "Syria", "Venezuela", "the Houthis", "Moscow", "Myanmar"]
    static let items = [
        "artillery shells", "ballistic missiles", "Shahed drones", "KN-23 missiles", "troops", "dual-use goods", "microelectronics",
        "fighter jets", "air defense systems", "machine tools", "rifles", "tanks",
    ]
    static let attributions = ["", ", officials said", ", according to Ukrainian intelligence", ", analysts believe", ", a report found"]

    /// - Parameters:
    ///   - count: documents.
    ///   - averageBytes: the average body size; bodies vary ±50%.
    ///   - flowEvery: one sentence in this many states a flow (0: none, the default, so that
    ///     the other benchmarks' corpus stays what their recorded figures used).
    static func generate(count: Int, averageBytes: Int = 5000, seed: UInt64 = 2024, flowEvery: Int = 0) -> Corpus {
        let vocabulary = Vocabulary(size: 50_000, seed: seed)
        var random = SplitMix64(seed: seed ^ 0xC0FFEE)
        var documents: [Document] = []
        documents.reserveCapacity(count)
        for index in 0..<count {
            let target = averageBytes / 2 + Int(random.next() % UInt64(averageBytes))
            var body = ""
            body.reserveCapacity(target + 200)
            var sentences = 0
            while body.utf8.count < target {
                if flowEvery > 0 && random.next() % UInt64(flowEvery) == 0 {
                    body += Self.flowSentence(random: &random)
                } else {
                    body += Self.sentence(vocabulary: vocabulary, random: &random)
                }
                sentences += 1
                body += sentences % 5 == 0 ? "\n\n" : " "
            }
            let day = Int(random.next() % 1000)
            let year = 2023 + day / 365
            let dayOfYear = day % 365
            let published = "\(year)-\(Self.pad(dayOfYear / 31 % 12 + 1))-\(Self.pad(dayOfYear % 28 + 1))"
            documents.append(
                Document(
                    key: "corpus/\(Self.pad(index, width: 7))",
                    title: Self.sentence(vocabulary: vocabulary, random: &random, words: 8).trimmingCharacters(in: [".", " "]),
                    source: Self.sources[Int(random.next() % UInt64(Self.sources.count))],
                    published: published,
                    body: Array(body.utf8)))
        }
        return Corpus(documents: documents)
    }

    private static func sentence(vocabulary: Vocabulary, random: inout SplitMix64, words: Int? = nil) -> String {
        let length = words ?? (8 + Int(random.next() % 23))
        var parts: [String] = []
        parts.reserveCapacity(length + 4)
        for position in 0..<length {
            // About one sentence in three names an entity and a transfer.
            if position == 2 && random.next() % 3 == 0 {
                parts.append(Self.entityPhrases[Int(random.next() % UInt64(Self.entityPhrases.count))])
                parts.append(Self.verbs[Int(random.next() % UInt64(Self.verbs.count))])
                parts.append(Self.entityPhrases[Int(random.next() % UInt64(Self.entityPhrases.count))])
                continue
            }
            parts.append(vocabulary.sample(using: &random))
            if position > 0 && position < length - 1 && random.next() % 9 == 0 { parts[parts.count - 1] += "," }
        }
        var text = parts.joined(separator: " ")
        text = text.prefix(1).uppercased() + text.dropFirst()
        return text + "."
    }

    private static func flowSentence(random: inout SplitMix64) -> String {
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        let supplier = pick(Self.suppliers)
        var recipient = pick(Self.recipients)
        if recipient == supplier { recipient = "Russia" == supplier ? "Iran" : "Russia" }
        let amount = random.next() % 2 == 0 ? "about \(1 + random.next() % 90),000 " : ""
        return "\(supplier) \(pick(["shipped", "sent", "delivered", "supplied"])) \(amount)\(pick(Self.items)) to \(recipient)\(pick(Self.attributions))."
    }

    private static func pad(_ value: Int, width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

import Foundation
