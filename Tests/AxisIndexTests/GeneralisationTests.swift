@testable import AxisIndex
import Testing

/// The failure classes of articles the extractor had never seen (issue 15), each with
/// sentences written for these tests.
@Suite("Extraction: classes of language beyond the seeds")
struct GeneralisationTests {
    func triples(_ text: String) throws -> Set<String> { try extract(text).triples() }

    @Test("the source of a claim is not a party: 'according to', a reporting verb, a dateline")
    func sourcesAreNotParties() throws {
        let according = try extract("According to the United States, North Korea supplied Russia with artillery shells.")
        #expect(according.triples() == ["country:north-korea -> country:russia: weapon:artillery-shell"])
        #expect(according.flows.first?.attribution == "country:united-states")
        let says = try self.triples("North Korea has shipped more KN-23 missiles to Russia, Seoul says.")
        #expect(says == ["country:north-korea -> country:russia: weapon:kn-23"])
        let dateline = try self.triples("SEOUL, Nov 4 (Tidewire) - Iran delivered Shahed-136 drones to Russia last month.")
        #expect(dateline == ["country:iran -> country:russia: weapon:shahed-136"])
    }

    @Test("lists under a heading: '- Party: items' supplies the heading's recipient, '- To Party: items' receives; a NOT heading lists nothing")
    func bulletLists() throws {
        let explainer = """
            Who sends what to Belarus?

            - Iran: Mohajer-6 drones and artillery shells, according to Kyiv.
            - China: machine tools and microelectronics.

            And the other way?

            - To Iran: Su-35 fighters from Russia.
            • To Syria: Russian wheat.

            What does not count:

            - Venezuela: speeches and votes at the UN.
            """
        let triples = try self.triples(explainer)
        #expect(triples.contains("country:iran -> country:belarus: weapon:mohajer-6"), "\(triples)")
        #expect(triples.contains("country:iran -> country:belarus: weapon:artillery-shell"), "\(triples)")
        #expect(triples.contains("country:china -> country:belarus: weapon:machine-tools"), "\(triples)")
        #expect(triples.contains("country:russia -> country:iran: weapon:su-35"), "\(triples)")
        #expect(!triples.contains { $0.hasPrefix("country:venezuela") }, "\(triples)")
        // Prose is not a list: a colon after a party in a sentence says nothing by itself.
        let prose = try self.triples("Iran: the country has denied sending anything to Russia at all.")
        #expect(!prose.contains { $0.contains("country:belarus") })
    }

    @Test("a company or ship that is no party: the goods' origin supplies them")
    func originSupplies() throws {
        let company = try self.triples(
            "PYONGHWA TRADING CORPORATION is being designated for transferring North Korean artillery ammunition to Russia.")
        #expect(company.contains("country:north-korea -> country:russia: weapon:artillery-shell"))
        let ship = try extract("The tanker Silver Crane (IMO 9381234) delivered Russian crude to India in March.")
        #expect(ship.triples() == ["country:russia -> country:india: item:energy"])
        #expect(ship.flows.first?.via == "vessel:silver-crane")
    }

    @Test("organisations and ships not in the gazetteer are found by their names' shape")
    func discoveredNames() throws {
        let text = """
            Researchers at the Lindqvist Institute for Maritime Studies tracked the vessel Polar Wind for months. \
            OSTROV SHIPPING CO., LTD owns the Polar Wind, according to the Harbour Monitor.
            """
        let extraction = try extract(text)
        let names = Set(extraction.mentions.filter { $0.discovered }.map { extraction.text(of: $0.range, in: text) })
        #expect(names.isSuperset(of: ["Lindqvist Institute for Maritime Studies", "Polar Wind", "Harbour Monitor"]))
        #expect(extraction.mentions.contains { $0.entityID == "vessel:polar-wind" && $0.type == .vessel })
        #expect(extraction.mentions.contains { $0.type == .org && extraction.text(of: $0.range, in: text).hasPrefix("OSTROV SHIPPING CO") })
        // Capitalised words without an organisation's word are not one.
        let plain = try extract("Officials in Moscow Region Today said nothing.")
        #expect(!plain.mentions.contains { $0.discovered && $0.type == .org })
    }

    @Test("designations in their other forms: plural, model letters, the maker's name, transliterations")
    func designationForms() throws {
        let text = "Russia delivered Yak-130s and Mi-28NE attack helicopters to Iran; Sukhoi-35 jets may follow. The Hvason-11 hit Kharkiv."
        let ids = try extract(text).ids()
        #expect(ids.isSuperset(of: ["weapon:yak-130", "weapon:mi-28", "weapon:su-35", "weapon:kn-23"]))
        let flows = try self.triples(text)
        #expect(flows.contains("country:russia -> country:iran: weapon:mi-28") && flows.contains("country:russia -> country:iran: weapon:yak-130"))
    }

    @Test("a designation followed by 'attack' is materiel: 'Mi-28 attack helicopters'")
    func attackHelicopters() throws {
        #expect(try self.triples("Russia delivered Mi-28 attack helicopters to Iran.") == ["country:russia -> country:iran: weapon:mi-28"])
        #expect(try extract("A drone attack hit Kyiv overnight.").flows.isEmpty)
    }

    @Test("'arms' as a verb: 'Tehran arms the Houthis'; as a noun it stays the item")
    func armsAsVerb() throws {
        #expect(try self.triples("Tehran arms the Houthis, a U.N. panel says.") == ["country:iran -> org:houthis: weapon:arms"])
        #expect(try self.triples("Belarus sent arms to Russia.") == ["country:belarus -> country:russia: weapon:arms"])
        #expect(try self.triples("The arms race worries Seoul.").isEmpty)
    }

    @Test("troops deployed against a country, in a place of another, went to the other")
    func deployedAgainst() throws {
        #expect(try self.triples("Belarusian troops were deployed against Ukraine in the Bryansk region.")
            .isSubset(of: ["country:belarus -> country:russia: weapon:military-personnel"]))
        #expect(try self.triples("North Korean troops were deployed against Ukraine in the Kursk region.")
            == ["country:north-korea -> country:russia: weapon:military-personnel"])
    }

    @Test("a pronoun or stand-in opening the sentence is the subject of the sentence before")
    func standInSupplier() throws {
        #expect(try self.triples("Iran opened a second plant in 2023. It has shipped drones to Russia ever since.")
            == ["country:iran -> country:russia: weapon:drone"])
        #expect(try self.triples("China denies it. The country has sold machine tools to Russia for years.")
            == ["country:china -> country:russia: weapon:machine-tools"])
    }

    @Test("trade in money: 'exported $390 million of metalworking machines to Russia'")
    func tradeInMoney() throws {
        #expect(try self.triples("China exported $412 million of metalworking machinery to Russia in June.")
            == ["country:china -> country:russia: weapon:machine-tools"])
    }

    @Test("sanctioning states no flow")
    func sanctionsAreNoFlows() throws {
        #expect(try self.triples("Britain sanctioned Russian oil exports and two tankers on Friday.").isEmpty)
    }

    @Test("'exports' as a noun with its goods before it, and goods carried on ships or trucks")
    func exportsAndCarrying() throws {
        #expect(try self.triples("Russian grain exports to Iran doubled last year.") == ["country:russia -> country:iran: item:food"])
        #expect(try self.triples("Two tankers carried Iranian crude to China in April.") == ["country:iran -> country:china: item:energy"])
        // The goods' origin is never their recipient.
        #expect(try self.triples("Trucks carrying Russian tanks reached the border.").allSatisfy { !$0.contains("-> country:russia") })
    }

    @Test("a document cannot make name discovery slow or its names too long for the wire")
    func hostileNames() throws {
        let repeated = String(repeating: "Acme Bank. ", count: 20_000)
        let extraction = try extract(repeated)
        #expect(extraction.mentions.filter(\.discovered).count <= NameDiscovery.maxNames)
        let long = "The tanker " + String(repeating: "Xylophone", count: 30) + " carried Iranian crude to China."
        let ships = try extract(long).mentions.filter { $0.type == .vessel }
        #expect(ships.isEmpty)
    }

    @Test("'acknowledged' is a reporting verb, not 'according to'")
    func acknowledged() throws {
        #expect(try self.triples("The Kremlin acknowledged North Korea sent troops to Russia.")
            == ["country:north-korea -> country:russia: weapon:military-personnel"])
    }
}
