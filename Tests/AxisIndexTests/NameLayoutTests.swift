@testable import AxisIndex
import Testing

/// Names given by the layout of a text (issue 15, item 4): transcripts, sanctions lists,
/// credits, company names in capitals, a country's agencies named descriptively. Sentences
/// written for these tests.
@Suite("Extraction: names from transcripts, sanctions lists and credits")
struct NameLayoutTests {
    func forms(_ extraction: Extraction, _ text: String, type: EntityType) -> Set<String> {
        Set(extraction.mentions.filter { $0.type == type }.map { extraction.text(of: $0.range, in: text) })
    }

    @Test("transcript speaker labels name people; their family and given names are found alone")
    func speakerLabels() throws {
        let text = """
            NORA LINDGREN, HOST: Welcome back. Nora here with the week's arms news.

            KWON MIN-JAE: Thanks, Nora. The shells keep coming.

            LINDGREN: And Lindgren's question is, from where?

            ANCHOR: We will be right back.
            """
        let extraction = try extract(text)
        let people = self.forms(extraction, text, type: .person)
        #expect(people.isSuperset(of: ["NORA LINDGREN", "LINDGREN", "Lindgren", "Nora", "KWON MIN-JAE"]), "\(people)")
        #expect(!people.contains("ANCHOR"))
        #expect(extraction.mentions.contains { $0.entityID == "person:nora-lindgren" })
        #expect(extraction.mentions.contains { $0.entityID == "person:kwon-min-jae" })
    }

    @Test("sanctions lists: family name first in capitals, and the a.k.a. form")
    func familyFirst() throws {
        let text = """
            TAVAKOLI, Reza Ali (a.k.a. TAVAKOLI, Reza), an Iranian national, is being designated today.
            CHOE, Un Sok, a North Korean official, arranged the payments.
            """
        let extraction = try extract(text)
        let people = self.forms(extraction, text, type: .person)
        #expect(people.isSuperset(of: ["TAVAKOLI, Reza Ali", "TAVAKOLI, Reza", "CHOE, Un Sok"]), "\(people)")
        #expect(extraction.mentions.contains { $0.entityID == "person:reza-ali-tavakoli" })
        // A country in capitals is not a family name.
        let country = try extract("IRAN, Russia and China voted against the resolution.")
        #expect(!country.mentions.contains { $0.type == .person })
    }

    @Test("credits: every name after 'Reporting by', 'Editing by' and a byline's 'By X and Y'")
    func credits() throws {
        let text = """
            By Selma Brandt and Oskar Veidt

            Iran sent drones to Russia.

            (Reporting by Ines Carvalho in Lisbon and Tomas Hrabal in Prague; Editing by Ruth Ambler)
            """
        let people = self.forms(try extract(text), text, type: .person)
        #expect(people.isSuperset(of: ["Selma Brandt", "Oskar Veidt", "Ines Carvalho", "Tomas Hrabal", "Ruth Ambler"]), "\(people)")
        #expect(!people.contains { $0.contains("Lisbon") })
    }

    @Test("company names in capitals keep their endings: 'CO., LTD', 'L.L.C.'")
    func companyEndings() throws {
        let text = "NINGBO FARSTAR OPTICS CO., LTD and DESERT PEARL GENERAL TRADING L.L.C. were designated."
        let orgs = self.forms(try extract(text), text, type: .org)
        #expect(orgs.isSuperset(of: ["NINGBO FARSTAR OPTICS CO., LTD", "DESERT PEARL GENERAL TRADING L.L.C."]), "\(orgs)")
    }

    @Test("a country's agencies named descriptively: 'South Korea's spy agency', 'Russia's general staff'")
    func descriptiveAgencies() throws {
        let text = """
            South Korea's spy agency said the shells were North Korean. \
            Russia's general staff did not comment, and Ukraine's military intelligence said more would come. \
            The South Korean presidential office declined to comment.
            """
        let ids = Set(try extract(text).mentions.map(\.entityID))
        #expect(ids.isSuperset(of: ["org:nis", "org:russia-general-staff", "org:hur", "org:rok-presidential-office"]), "\(ids)")
        // Without a country in the sentence, a descriptive name is nobody's.
        let bare = Set(try extract("The spy agency said nothing.").mentions.map(\.entityID))
        #expect(!bare.contains("org:nis"))
    }
}
