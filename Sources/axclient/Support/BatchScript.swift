import ArgumentParser
import AxisClient

/// The lines of a batch file as commands: parsed (so usage errors are known before anything
/// runs) and classified (a command that changes the server is a barrier).
struct BatchScript {
    struct Line: Sendable {
        /// 1-based, as an editor shows it.
        var number: Int
        var text: String
        var words: [String]
        /// Why the line cannot run, when it cannot.
        var problem: String?
        var changesServer: Bool
    }

    /// Commands that work on local files or other servers, or that would nest.
    static let refused: Set<String> = ["push", "export", "import", "sync", "batch"]
    /// Options that belong to the whole batch, not to one line.
    static let batchWide: Set<String> = ["--server", "--timeout", "--config", "--token"]

    var lines: [Line] = []

    init(text: String) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(raw)
            let words: [String]
            do {
                words = try CommandWords.split(text)
            } catch {
                self.lines.append(Line(number: index + 1, text: text, words: [], problem: error.message, changesServer: false))
                continue
            }
            guard !words.isEmpty else { continue }
            self.lines.append(Self.classify(number: index + 1, text: text, words: words))
        }
    }

    /// Parses the words as the command line would be parsed.
    static func parse(_ words: [String]) throws -> any ParsableCommand {
        let arguments = words.first == "axclient" ? Array(words.dropFirst()) : words
        return try AxClient.parseAsRoot(GlobalArguments.hoist(arguments))
    }

    private static func classify(number: Int, text: String, words: [String]) -> Line {
        var line = Line(number: number, text: text, words: words, problem: nil, changesServer: false)
        let name = (words.first == "axclient" ? words.dropFirst().first : words.first) ?? ""
        if Self.refused.contains(name) {
            line.problem = "'\(name)' cannot run in a batch (it works on files or other servers); run it on its own"
            return line
        }
        if let option = words.first(where: { Self.batchWide.contains(String($0.split(separator: "=").first ?? "")) }) {
            line.problem = "\(option.split(separator: "=").first ?? "") applies to the whole batch: give it to axclient batch"
            return line
        }
        do {
            guard let command = try Self.parse(words) as? any RemoteCommand else {
                line.problem = "'\(name)' is not a command that asks a server"
                return line
            }
            line.changesServer = Self.changesServer(command)
        } catch {
            line.problem = AxClient.fullMessage(for: error)
        }
        return line
    }

    private static func changesServer<Command: RemoteCommand>(_ command: Command) -> Bool {
        Command.changesServer
    }
}
