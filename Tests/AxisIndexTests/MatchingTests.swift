import Testing
@testable import AxisIndex

/// Surface matching: normalization, case policy, boundaries, longest match, nesting, context.
@Suite struct MatchingTests {
    @Test func dashesSpacesAndCurlyQuotesAreEquivalent() throws {
        for text in ["Kim Jong Un arrived.", "Kim Jong-un arrived.", "Kim Jong–un arrived.", "Kim  Jong—Un arrived."] {
            #expect(try extract(text).ids() == ["person:kim-jong-un"], "\(text)")
        }
        let curly = "The Democratic People’s Republic of Korea’s envoy spoke."
        let extraction = try extract(curly)
        #expect(extraction.surfaces(in: curly) == [mention("Democratic People’s Republic of Korea", .country)])
    }

    @Test func possessiveIsNotPartOfTheMention() throws {
        let text = "Russia’s and Iran's drones."
        #expect(try extract(text).surfaces(in: text).isSuperset(of: [mention("Russia", .country), mention("Iran", .country)]))
    }

    @Test func casePolicy() throws {
        // Acronyms match exactly; capitals in a form must be capitals in the text.
        #expect(try extract("Give us the facts.").mentions.isEmpty)
        #expect(try extract("The US and the West.").ids() == ["country:united-states", "place:the-west"])
        #expect(try extract("They moved west quickly.").mentions.isEmpty)
        // Lowercase letters of a form match either case.
        #expect(try extract("MISSILES FOR RUSSIA").ids().contains("country:russia"))
    }

    @Test func wordBoundariesAndLongestMatch() throws {
        let text = "A woman from Oman said the North Korean and South Korean envoys met."
        let found = try extract(text).surfaces(in: text)
        #expect(found == [mention("Oman", .country), mention("North Korean", .country), mention("South Korean", .country)])
    }

    @Test func accentsFold() throws {
        #expect(try extract("Talks in Brasilia and Brasília.").ids() == ["place:brasilia"])
    }

    @Test func descriptiveSpansNestNamesButProperNamesDoNot() throws {
        let text = "According to U.S. intelligence, the Syrian conflict drew in the Carnegie Russia Eurasia Center."
        let found = try extract(text).surfaces(in: text)
        #expect(found.isSuperset(of: [
            mention("U.S. intelligence", .org), mention("U.S.", .country), mention("Syrian conflict", .event),
            mention("Syrian", .country), mention("Carnegie Russia Eurasia Center", .org),
        ]))
        #expect(!found.contains(mention("Russia", .country)))
    }

    @Test func shortFormsNeedContext() throws {
        // "Putin" alone in a text that never names him or Russia: not enough.
        #expect(try extract("Putin spoke again.").mentions.isEmpty)
        #expect(try extract("Vladimir Putin spoke. Later Putin left.").surfaces(in: "Vladimir Putin spoke. Later Putin left.")
            == [mention("Vladimir Putin", .person), mention("Putin", .person)])
        // "the South" is South Korea only where South Korea is named.
        #expect(!(try extract("Troops moved to the South.").ids().contains("country:south-korea")))
        let korea = "South Korea warned North Korea. The South and the North will talk."
        #expect(try extract(korea).surfaces(in: korea) == [
            mention("South Korea", .country), mention("North Korea", .country), mention("South", .country),
            mention("North", .country),
        ])
        #expect(try extract("South Korea warned the North.").ids() == ["country:south-korea"])
    }

    @Test func genericMinistryResolvesToTheCountryBeforeIt() throws {
        let text = "Japan’s defense ministry and Iran's foreign ministry commented. The defense ministry of nowhere did not."
        let ids = try extract(text).ids()
        #expect(ids.contains("org:japan-mod"))
        #expect(ids.contains("org:iran-mfa"))
        #expect(ids == ["country:japan", "org:japan-mod", "country:iran", "org:iran-mfa"])
    }

    @Test func stopPhrasesAndNonMaterielHeads() throws {
        let text = "A think tank studied the missile program, drone warfare and a tank battle; tanks were sent to Kyiv."
        let found = try extract(text).surfaces(in: text)
        #expect(!found.contains(mention("tank", .weapon)))
        #expect(!found.contains(mention("missile", .weapon)))
        #expect(!found.contains(mention("drone", .weapon)))
        #expect(found.contains(mention("tanks", .weapon)))
    }

    @Test func generatedPluralsForWeaponsAndDemonyms() throws {
        let text = "Iranians supplied UAVs and howitzers."
        let found = try extract(text).surfaces(in: text)
        #expect(found.isSuperset(of: [mention("Iranians", .country), mention("UAVs", .weapon), mention("howitzers", .weapon)]))
    }

    @Test func mentionsAreInTextOrderWithSentences() throws {
        let text = "China met Iran. Later, Russia joined."
        let extraction = try extract(text)
        #expect(extraction.mentions.map(\.range.lowerBound) == extraction.mentions.map(\.range.lowerBound).sorted())
        #expect(extraction.mentions.map(\.sentence) == [0, 0, 1])
    }
}
