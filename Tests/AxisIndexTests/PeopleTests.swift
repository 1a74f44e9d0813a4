import Testing
@testable import AxisIndex

/// People not in the gazetteer, found from how they are introduced.
@Suite struct PeopleTests {
    private func discovered(_ text: String) throws -> [String: Set<String>] {
        let extraction = try extract(text)
        var result: [String: Set<String>] = [:]
        for mention in extraction.mentions where mention.discovered {
            result[mention.entityID, default: []].insert(extraction.text(of: mention.range, in: text))
        }
        return result
    }

    @Test func titleBeforeName() throws {
        #expect(try self.discovered("Senator Ruth Calloway criticised the deal.") == ["person:ruth-calloway": ["Ruth Calloway"]])
        #expect(try self.discovered("The analyst Tomas Berglund disagreed.") == ["person:tomas-berglund": ["Tomas Berglund"]])
    }

    @Test func reportingVerbsAndAppositives() throws {
        #expect(try self.discovered("\"It is a bluff,\" said Ingrid Solheim.") == ["person:ingrid-solheim": ["Ingrid Solheim"]])
        #expect(try self.discovered("Farid Haddad said the convoy left.") == ["person:farid-haddad": ["Farid Haddad"]])
        #expect(try self.discovered("The talks failed, according to Lena Kowalczyk.") == ["person:lena-kowalczyk": ["Lena Kowalczyk"]])
        #expect(try self.discovered("Jean-Marc Delorme, a senior fellow at a Paris institute, wrote the report.")
            == ["person:jean-marc-delorme": ["Jean-Marc Delorme"]])
    }

    @Test func bylines() throws {
        #expect(try self.discovered("By Omar Siddiqui\nThe drones arrived.") == ["person:omar-siddiqui": ["Omar Siddiqui"]])
        #expect(try self.discovered("Peter Hansen\nDirector, Arms Control Program\nThe drones arrived.")
            == ["person:peter-hansen": ["Peter Hansen"]])
        // A heading is not a byline.
        #expect(try self.discovered("Drone Deliveries\nThe drones arrived.").isEmpty)
    }

    @Test func familyNamesAfterTheFullName() throws {
        let western = try self.discovered("Analyst Tomas Berglund said the deal is real. Berglund added that it is large.")
        #expect(western == ["person:tomas-berglund": ["Tomas Berglund", "Berglund"]])
        // East Asian names: the family name comes first.
        let korean = try self.discovered("Lawmaker Park Sung-ho said the ship left. Park said it carried shells.")
        #expect(korean == ["person:park-sung-ho": ["Park Sung-ho", "Park"]])
    }

    @Test func notPeople() throws {
        // Places, organisations, months, countries and sentence starters are not names.
        #expect(try self.discovered("In March, President Putin said nothing.").isEmpty)
        #expect(try self.discovered("Chinese officials said the talks failed.").isEmpty)
        #expect(try self.discovered("According to North Korea, the test worked.").isEmpty)
        #expect(try self.discovered("Officials said The Pentagon agreed.").isEmpty)
    }

    @Test func gazetteerPeopleAreNotRediscovered() throws {
        let extraction = try extract("Defense Minister Andrei Belousov said Belousov would travel.")
        #expect(extraction.mentions.allSatisfy { !$0.discovered })
        #expect(extraction.ids() == ["person:andrei-belousov"])
    }
}
