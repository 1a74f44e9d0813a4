import Testing
@testable import AxisIndex

@Suite struct SentenceTests {
    private func sentences(_ text: String) throws -> [String] {
        let extraction = try extract(text)
        return extraction.sentences.map { extraction.text(of: $0, in: text) }
    }

    @Test func linesAbbreviationsAndQuotes() throws {
        #expect(try self.sentences("Headline here\nBy A. Writer\nFirst one. Second one!") ==
            ["Headline here", "By A. Writer", "First one.", "Second one!"])
        #expect(try self.sentences("U.S. officials met Gen. Kim in Seoul. He left.") ==
            ["U.S. officials met Gen. Kim in Seoul.", "He left."])
        #expect(try self.sentences("He said “it is over.” Then he left.") == ["He said “it is over.”", "Then he left."])
        #expect(try self.sentences("Aid came via the U.S. The talks ended.") == ["Aid came via the U.S.", "The talks ended."])
        #expect(try self.sentences("Version 2.5 shipped in Jan. 2024 to the US.") == ["Version 2.5 shipped in Jan. 2024 to the US."])
    }

    @Test func emptyAndBlank() throws {
        #expect(try self.sentences("").isEmpty)
        #expect(try self.sentences("  \n\n \t ").isEmpty)
    }
}
