import ArgumentParser
import AxisClient
import Dispatch
import Synchronization

/// The lines of a batch file as commands: parsed (so usage errors are known before anything
/// runs) and classified (a command that changes the server is a barrier).
///
/// Each line is parsed once, here, on every core: ArgumentParser builds a command's argument
/// set by reflection, about half a millisecond a line on this kind of machine, which was three
/// quarters of a batch of queries' time when every line was parsed twice (here to classify it,
/// then again to run it).
struct BatchScript {
    struct Line: Sendable {
        /// 1-based, as an editor shows it.
        var number: Int
        var text: String
        var words: [String]
        /// Why the line cannot run, when it cannot.
        var problem: String?
        var changesServer: Bool
        /// The parsed command, when the line can run.
        var command: (any RemoteCommand)?
    }

    /// Commands that work on local files or other servers, or that would nest.
    static let refused: Set<String> = ["push", "export", "import", "sync", "batch"]
    /// Options that belong to the whole batch, not to one line.
    static let batchWide: Set<String> = ["--server", "--timeout", "--config", "--token"]

    var lines: [Line] = []

    init(text: String) {
        var split: [Line] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(raw)
            let words: [String]
            do {
                words = try CommandWords.split(text)
            } catch {
                split.append(Line(number: index + 1, text: text, words: [], problem: error.message, changesServer: false))
                continue
            }
            guard !words.isEmpty else { continue }
            split.append(Line(number: index + 1, text: text, words: words, problem: nil, changesServer: false))
        }
        self.lines = Self.classifyAll(split)
    }

    /// The lines classified, in slices on every core, in their order.
    private static func classifyAll(_ lines: [Line]) -> [Line] {
        let sliceSize = 64
        let slices = (lines.count + sliceSize - 1) / sliceSize
        guard slices > 1 else { return lines.map(Self.classify) }
        let done = Mutex([[Line]](repeating: [], count: slices))
        DispatchQueue.concurrentPerform(iterations: slices) { slice in
            let range = (slice * sliceSize)..<min(lines.count, (slice + 1) * sliceSize)
            let classified = lines[range].map(Self.classify)
            done.withLock { $0[slice] = classified }
        }
        return done.withLock { $0.flatMap { $0 } }
    }

    /// Parses the words as the command line would be parsed.
    static func parse(_ words: [String]) throws -> any ParsableCommand {
        let arguments = GlobalArguments.hoist(words.first == "axclient" ? Array(words.dropFirst()) : words)
        // The command's own type parses its arguments: the root's parse also builds the
        // argument set of every command on the way (by reflection), twice the time. An
        // error is parsed again from the root, for the message the command line gives.
        if let name = arguments.first, let command = Self.commands[name], let parsed = try? command.parseAsRoot(Array(arguments.dropFirst())) {
            return parsed
        }
        return try AxClient.parseAsRoot(arguments)
    }

    /// The commands by name and alias.
    static let commands: [String: any ParsableCommand.Type] = {
        var commands: [String: any ParsableCommand.Type] = [:]
        for command in AxClient.configuration.subcommands {
            // Every command names itself; one that did not would be parsed from the root.
            guard let name = command.configuration.commandName else { continue }
            for name in [name] + command.configuration.aliases { commands[name] = command }
        }
        return commands
    }()

    /// A split line with its problem, or its command and whether it is a barrier.
    private static func classify(_ line: Line) -> Line {
        guard line.problem == nil else { return line }
        var line = line
        let words = line.words
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
            line.command = command
        } catch {
            line.problem = AxClient.fullMessage(for: error)
        }
        return line
    }

    private static func changesServer<Command: RemoteCommand>(_ command: Command) -> Bool {
        Command.changesServer
    }
}
