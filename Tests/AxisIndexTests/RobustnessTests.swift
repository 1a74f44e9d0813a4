import Foundation
import Testing
@testable import AxisIndex

/// Untrusted text must never trap, and offsets must always be valid.
@Suite struct RobustnessTests {
    private func checkInvariants(_ text: String) throws {
        let extraction = try extract(text)
        let count = text.utf8.count
        for sentence in extraction.sentences { #expect(sentence.lowerBound >= 0 && sentence.upperBound <= count) }
        for mention in extraction.mentions {
            #expect(mention.range.upperBound <= count && mention.sentence < max(1, extraction.sentences.count))
        }
        for quantity in extraction.quantities { #expect(quantity.range.upperBound <= count) }
        for flow in extraction.flows {
            #expect(flow.supplier != flow.recipient)
            if let index = flow.quantity { #expect(index < extraction.quantities.count) }
        }
    }

    @Test func pathologicalInputs() throws {
        let inputs = [
            "", "-", "—", "’s", "\u{0}", String(repeating: "a", count: 100_000), String(repeating: "North Korea ", count: 2000),
            String(repeating: "- ", count: 5000), String(repeating: "“", count: 500), "U.S.", "U.S", ".U.S.", "Kim Jong",
            "100", "more than", "thousands of", "by", "By", "said", "Iran sent", "sent drones to", "In return, ",
            "\u{2013}\u{2014}\u{00A0}\u{2019}\u{201C}", "é", "\u{C3}", "🚀 missiles 🚀", String(repeating: "ab", count: 7) + "é",
        ]
        for input in inputs { try self.checkInvariants(input) }
    }

    @Test func randomBytesNeverTrap() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aeiouRNKS .,’'“-—\n0123456789".unicodeScalars)
        for _ in 0..<200 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0..<400, using: &generator) {
                text.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
            }
            try self.checkInvariants(String(text))
            let bytes = (0..<Int.random(in: 0..<300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try self.checkInvariants(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func evaluationOutputIsValidJSON() throws {
        let extractor = try Shared.extractor.get()
        let data = EvaluationOutput.predictions(
            documents: [("a.txt", FixtureArticles.korea), ("b \"quoted\".txt", "Iran\u{0} sent drones to Russia.")],
            extractor: extractor, system: "test")
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let docs = try #require(object?["docs"] as? [String: Any])
        #expect(Set(docs.keys) == ["a.txt", "b \"quoted\".txt"])
        let korea = try #require(docs["a.txt"] as? [String: Any])
        let mentions = try #require(korea["mentions"] as? [[String: String]])
        #expect(mentions.contains { $0["text"] == "KN-23" && $0["type"] == "weapon" })
        // Items are transferred, not named entities: in relations only.
        #expect(!mentions.contains { $0["text"] == "oil" })
        let relations = try #require(korea["relations"] as? [[String: String]])
        #expect(relations.contains { $0["item"] == "item:energy" && $0["supplier"] == "country:russia" })
    }
}
