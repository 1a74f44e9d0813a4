@testable import axclient
import ArgumentParser
import AxisCodec
import Foundation
import Testing

@Suite("axclient: batch lines and the config file")
struct ScriptingTests {
    @Test(
        "batch lines split into words as a shell would",
        arguments: [
            ("query 'entity:\"North Korea\" shells' --limit 5", ["query", "entity:\"North Korea\" shells", "--limit", "5"]),
            ("entity \"Kim Jong-un\"   # who is he", ["entity", "Kim Jong-un"]),
            ("get a\\ b.txt", ["get", "a b.txt"]),
            ("query \"say \\\"hi\\\" \\\\ \\n\"", ["query", "say \"hi\" \\ \\n"]),
            ("query tag:x#y", ["query", "tag:x#y"]),
            ("  # only a comment", []),
            ("", []),
        ])
    func words(line: String, expected: [String]) throws {
        #expect(try CommandWords.split(line) == expected)
    }

    @Test("an open quote or a trailing backslash is an error")
    func brokenLines() {
        #expect(throws: CommandWords.Failure.self) { try CommandWords.split("query 'open") }
        #expect(throws: CommandWords.Failure.self) { try CommandWords.split("query \"open") }
        #expect(throws: CommandWords.Failure.self) { try CommandWords.split("query x\\") }
    }

    @Test("a batch script: comments skipped, line numbers kept, writes marked, refused commands explained")
    func script() {
        let script = BatchScript(text: "# report\nentities --top 3\n\nput a.txt\nrm a.txt\npush folder\nquery 'x\nping --server h:1\nping --bogus\naxclient ping\n")
        #expect(script.lines.map(\.number) == [2, 4, 5, 6, 7, 8, 9, 10])
        #expect(script.lines.map(\.changesServer) == [false, true, true, false, false, false, false, false])
        #expect(script.lines.map { $0.problem == nil } == [true, true, true, false, false, false, false, true])
        #expect(script.lines[3].problem?.contains("cannot run in a batch") == true)
        #expect(script.lines[5].problem?.contains("whole batch") == true)
        // A line that can run carries its parsed command (it is not parsed again to run).
        #expect(script.lines.map { $0.command != nil } == script.lines.map { $0.problem == nil })
        #expect((script.lines[0].command as? EntitiesCommand)?.top == 3)
    }

    @Test(
        "a batch line parsed by its command's type gives what the command line's parse gives; an error, the same message",
        arguments: [
            "query 'entity:\"North Korea\" shells' --limit 5 --facets 0",
            "--json query shells", "axclient --timeout 3 entities --top 2", "ls --prefix a", "delete a.txt",
            "token add alice --role read", "flows --supplier Iran --group", "ping --bogus", "query", "nonsense here",
        ])
    func directParse(line: String) throws {
        let words = try CommandWords.split(line)
        let arguments = GlobalArguments.hoist(words.first == "axclient" ? Array(words.dropFirst()) : words)
        switch (Result { try BatchScript.parse(words) }, Result { try AxClient.parseAsRoot(arguments) }) {
        case (.success(let direct), .success(let root)):
            #expect(type(of: direct) == type(of: root))
            #expect(String(describing: direct) == String(describing: root))
        case (.failure(let direct), .failure(let root)):
            #expect(AxClient.fullMessage(for: direct) == AxClient.fullMessage(for: root))
        case (let direct, let root):
            Issue.record("direct \(direct), from the root \(root)")
        }
    }

    @Test("timeline --by takes the protocol's intervals and names them when refusing another")
    func timelineIntervals() throws {
        for interval in TimelineRequest.intervals {
            #expect(throws: Never.self) { try TimelineCommand.parse(["Russia", "--by", interval]) }
        }
        #expect { try TimelineCommand.parse(["Russia", "--by", "year"]) } throws: { error in
            TimelineCommand.message(for: error).contains("--by must be day, week or month (got 'year')")
        }
    }

    @Test("a long script is classified on every core in slices, and comes back whole and in order")
    func longScript() {
        // 300 lines (five slices), with writes, broken lines and blanks among them.
        let lines = (0..<300).map { number -> String in
            switch number % 97 {
            case 5: "rm doc\(number)"
            case 11: "query 'open"
            case 13: ""
            default: "entities --top \(number % 50 + 1)"
            }
        }
        let script = BatchScript(text: lines.joined(separator: "\n"))
        let expected = lines.indices.filter { !lines[$0].isEmpty }
        #expect(script.lines.map(\.number) == expected.map { $0 + 1 })
        #expect(script.lines.map(\.text) == expected.map { lines[$0] })
        #expect(script.lines.map(\.changesServer) == expected.map { $0 % 97 == 5 })
        #expect(script.lines.map { $0.problem != nil } == expected.map { $0 % 97 == 11 })
        for line in script.lines where (line.number - 1) % 97 > 13 {
            #expect((line.command as? EntitiesCommand)?.top == UInt64((line.number - 1) % 50 + 1))
        }
    }

    @Test("the config file: keys, comments, errors with file and line")
    func configFile() throws {
        let config = try ConfigFile.parse("# mine\nserver = 10.0.0.5:7411  # office\n\ntimeout=12.5\n", path: "a.conf")
        #expect(config.server == "10.0.0.5:7411" && config.timeout == 12.5)
        #expect { try ConfigFile.parse("server 10.0.0.5", path: "a.conf") } throws: { ($0 as? ConfigFile.Failure)?.message.hasPrefix("a.conf:1:") == true }
        #expect { try ConfigFile.parse("\ncolour = red", path: "a.conf") } throws: { ($0 as? ConfigFile.Failure)?.message.contains("a.conf:2: unknown setting 'colour'") == true }
        #expect { try ConfigFile.parse("timeout = -1", path: "a.conf") } throws: { ($0 as? ConfigFile.Failure)?.message.contains("positive") == true }
    }

    @Test("where the config file is looked for, and what wins over it")
    func configLookup() throws {
        let directory = NSTemporaryDirectory() + "axclient-config-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory + "/axis", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data("server = 10.1.1.1:9000\n".utf8).write(to: URL(fileURLWithPath: directory + "/axis/axclient.conf"))
        #expect(try ConfigFile.load(explicitPath: nil, environment: ["XDG_CONFIG_HOME": directory]).server == "10.1.1.1:9000")
        #expect(try ConfigFile.load(explicitPath: nil, environment: ["XDG_CONFIG_HOME": directory + "/none"]) == .none)
        #expect(throws: ConfigFile.Failure.self) { try ConfigFile.load(explicitPath: directory + "/missing.conf", environment: [:]) }
        #expect(try ConfigFile.load(explicitPath: nil, environment: ["AX_CONFIG": directory + "/axis/axclient.conf"]).server == "10.1.1.1:9000")
    }
}
