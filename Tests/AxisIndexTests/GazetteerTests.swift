import Foundation
import Testing
@testable import AxisIndex

@Suite struct GazetteerTests {
    private func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gazetteer-\(UUID().uuidString).json").path
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func loadError(_ contents: String) throws -> GazetteerError? {
        let path = try self.temporaryFile(contents)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Gazetteer.load(contentsOf: path)
            return nil
        } catch let error as GazetteerError {
            return error
        }
    }

    @Test func bundledLoadsSortedAndLinked() throws {
        let gazetteer = try Shared.gazetteer.get()
        #expect(gazetteer.entities.count > 2000)
        #expect(gazetteer.entities.map(\.id) == gazetteer.entities.map(\.id).sorted())
        let iran = try #require(gazetteer.entity(id: "country:iran"))
        #expect(iran.capital == "place:tehran")
        #expect(iran.demonyms == ["Iranian"])
        #expect(gazetteer.entity(id: "country:atlantis") == nil)
    }

    @Test func resolveByIDNameAliasDemonymAndShortForm() throws {
        let gazetteer = try Shared.gazetteer.get()
        #expect(gazetteer.resolve("country:north-korea").map(\.id) == ["country:north-korea"])
        #expect(gazetteer.resolve("dprk").first?.id == "country:north-korea")
        #expect(gazetteer.resolve("North-Korean").first?.id == "country:north-korea")
        #expect(gazetteer.resolve("North Koreans").first?.id == "country:north-korea")
        #expect(gazetteer.resolve("kim jong-un").first?.id == "person:kim-jong-un")
        #expect(gazetteer.resolve("Kim Jong–Un").first?.id == "person:kim-jong-un")
        // A short form shared by many people: the ones it names, none invented.
        let kims = gazetteer.resolve("Kim")
        #expect(kims.count > 5 && kims.allSatisfy { $0.type == .person })
        #expect(gazetteer.resolve("no such thing").isEmpty)
    }

    @Test("a designation with its class noun is asked for as one name ('Shahed drones'), only when the class fits")
    func designationWithClassNoun() throws {
        let gazetteer = try Shared.gazetteer.get()
        #expect(gazetteer.resolve("Shahed drones").map(\.id) == ["weapon:shahed-136"])
        #expect(gazetteer.resolve("shahed drone").map(\.id) == ["weapon:shahed-136"])
        #expect(gazetteer.resolve("KN-23 missiles").first?.id == gazetteer.resolve("KN-23").first?.id)
        #expect(gazetteer.resolve("KN-23 missiles").first != nil)
        #expect(gazetteer.resolve("Shahed tanks").isEmpty)
        #expect(gazetteer.resolve("Russia drones").isEmpty)
        // A name that is itself an entity is never split.
        #expect(gazetteer.resolve("artillery shells").map(\.id) == ["weapon:artillery-shell"])
    }

    @Test func fingerprintIsStableAndChangesWithContent() throws {
        let first = try Gazetteer.bundled()
        let second = try Gazetteer.bundled()
        #expect(first.fingerprint == second.fingerprint)
        #expect(first.fingerprint.count == 16)
        let path = try self.temporaryFile("""
            {"entities": [
            {"id": "country:iran", "name": "Iran", "aliases": ["Persia"], "demonyms": ["Iranian"], "capital": "place:tehran"}
            ]}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let merged = try first.merging(Gazetteer.load(contentsOf: path))
        #expect(merged.fingerprint != first.fingerprint)
    }

    @Test func mergingAddsAndReplacesWholeRecords() throws {
        let bundled = try Shared.gazetteer.get()
        let path = try self.temporaryFile("""
            {"entities": [
            {"id": "country:iran", "name": "Iran", "aliases": ["Persia"], "capital": "place:tehran"},
            {"id": "weapon:zenit-9", "name": "Zenit-9", "country": "country:iran", "parent": "weapon:drone"}
            ]}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let merged = try bundled.merging(Gazetteer.load(contentsOf: path))
        #expect(merged.entities.count == bundled.entities.count + 1)
        #expect(merged.entity(id: "country:iran")?.aliases == ["Persia"])
        // The user's record replaces the bundled one whole: its demonyms are gone.
        #expect(merged.entity(id: "country:iran")?.demonyms == [])
        #expect(merged.resolve("Zenit-9").first?.id == "weapon:zenit-9")
        let extraction = Extractor(gazetteer: merged).extract("Persia sold Zenit-9 drones to Russia.")
        #expect(extraction.ids().isSuperset(of: ["country:iran", "weapon:zenit-9", "country:russia"]))
    }

    @Test func mergingRejectsDanglingReferences() throws {
        let bundled = try Shared.gazetteer.get()
        let path = try self.temporaryFile("""
            {"entities": [
            {"id": "weapon:ghost", "name": "Ghost", "parent": "weapon:does-not-exist"}
            ]}
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try bundled.merging(Gazetteer.load(contentsOf: path)) } throws: { error in
            let error = try #require(error as? GazetteerError)
            return error.line == 2 && error.description.contains("weapon:does-not-exist")
        }
    }

    @Test(arguments: [
        ("{\"entities\": [\n{\"id\": \"country:x\", \"name\": \"X\"},\n{\"id\": \"country:x\", \"name\": \"Y\"}\n]}", 3, "duplicate id"),
        ("{\"entities\": [\n{\"id\": \"country:x\", \"name\": \"X\", \"alias\": [\"Z\"]}\n]}", 2, "unknown field \"alias\""),
        ("{\"entities\": [\n{\"id\": \"nation:x\", \"name\": \"X\"}\n]}", 2, "type:slug"),
        ("{\"entities\": [\n{\"id\": \"country:x\"}\n]}", 2, "no \"name\""),
        ("{\"entities\": [\n{\"id\": \"country:x\", \"name\": \"X\", \"aliases\": \"Y\"}\n]}", 2, "array of strings"),
        ("{\"entities\": [\n{\"id\": \"country:x\", \"name\": \"X\",}\n]}", 2, "object key"),
        ("{\"entities\": [\n{\"id\": \"country:x\", \"name\": \"X\"\n", 3, "unexpected end"),
        ("{\"entities\": [\n{\"id\": \"country:x\", \"name\": \"X\", \"plural\": \"no\"}\n]}", 2, "true or false"),
        ("{\"entities\": [\n{\"id\": \"country:x\", \"name\": \"X\", \"capital\": \"country:y\"}\n]}", 2, "place id"),
        ("[1, 2]", 1, "JSON object"),
        ("", 1, "unexpected end"),
    ])
    func badFilesGiveLineAndReason(contents: String, line: Int, message: String) throws {
        let error = try #require(try self.loadError(contents))
        #expect(error.line == line)
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.contains(":\(line): "))
    }

    @Test func deeplyNestedFileIsAnErrorNotACrash() throws {
        let error = try #require(try self.loadError(String(repeating: "[", count: 10_000)))
        #expect(error.message.contains("nested"))
    }

    @Test func missingFileIsAnError() {
        #expect(throws: GazetteerError.self) { try Gazetteer.load(contentsOf: "/nonexistent/gazetteer.json") }
    }
}
