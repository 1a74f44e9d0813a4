import Testing
@testable import AxisIndex

/// Helpers of the fast paths: the bounded byte search and the order hits reach the resolver in.
@Suite struct ScanHelperTests {
    @Test func boundedByteSearchStaysInItsRange() {
        let bytes: [UInt8] = Array("ab;cd;ef".utf8)
        bytes.withUnsafeBufferPointer { buffer in
            #expect(ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: buffer, from: 0, before: 8) == 2)
            #expect(ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: buffer, from: 3, before: 8) == 5)
            // The end is exclusive, clamped to the buffer, and an empty or inverted range finds nothing.
            #expect(ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: buffer, from: 3, before: 5) == nil)
            #expect(ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: buffer, from: 6, before: 100) == nil)
            #expect(ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: buffer, from: 5, before: 2) == nil)
            #expect(ByteSearch.firstIndex(of: UInt8(ascii: ";"), in: buffer, from: -1, before: 8) == nil)
            #expect(ByteSearch.firstIndex(of: UInt8(ascii: "f"), in: buffer, from: 0) == 7)
        }
    }

    /// The flow rules compare words by bytes (no String made): the same answers as lowercasing.
    @Test(arguments: ["of", "OF", "Of", "o", "off", "", "ofé"])
    func lowercasedComparisonsAgreeWithStrings(word: String) {
        let bytes = Array(word.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let range = 0..<buffer.count
            let lowered = ByteText.lowercasedWord(buffer, range)
            #expect(ByteText.lowercasedEquals(buffer, range, "of") == (lowered == "of"))
            #expect(ByteText.lowercasedHasPrefix(buffer, range, "of") == lowered.hasPrefix("of"))
            #expect(ByteText.lowercasedHasSuffix(buffer, range, "f") == lowered.hasSuffix("f"))
            #expect(ByteText.lowercasedHasPrefix(buffer, range, ""))
            let set = WordTable<Bool>.words(["of", "off"])
            #expect(set.contains(buffer, range) == ["of", "off"].contains(lowered))
        }
    }

    /// Several patterns start at the same word ("Kim", "Kim Jong Un"): the longest must win,
    /// which relies on the resolver ordering same-start hits longest first.
    @Test func longestOfSameStartHitsWins() throws {
        let text = "Kim Jong Un met Vladimir Putin. Later Kim spoke."
        let extraction = try extract(text)
        #expect(extraction.surfaces(in: text).contains(mention("Kim Jong Un", .person)))
        #expect(extraction.mentions.first?.entityID == "person:kim-jong-un")
        #expect(extraction.ids().contains("person:vladimir-putin"))
    }
}
