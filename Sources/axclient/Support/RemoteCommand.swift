import ArgumentParser
import AxisClient

/// A command that asks a server one thing. It is split in parts so that `axclient batch` can
/// run it over a shared connection and keep only its JSON, while run alone it connects, asks,
/// and prints text, JSON or NDJSON.
protocol RemoteCommand: AsyncParsableCommand, TakesGlobalOptions, Sendable {
    associatedtype Answer
    associatedtype AnswerJSON: Encodable

    var global: GlobalOptions { get }

    /// Whether it changes the server: a batch waits for everything before it, and runs
    /// nothing after it until it is done.
    static var changesServer: Bool { get }

    /// Asks the server over `connection`. Client errors propagate as `ClientError`.
    func ask(_ connection: AxisConnection) async throws -> Answer

    /// What `--json` prints (docs/cli.md pins each shape).
    func json(_ answer: Answer) -> AnswerJSON

    /// What a terminal shows.
    func printText(_ answer: Answer) throws

    /// For list-shaped answers, what `--ndjson` prints: one object per line. Nil for a
    /// single value (then `--ndjson` prints the `--json` value on one line).
    func items(_ answer: Answer) -> [any Encodable]?

    /// A failure inside an answer the server gave (a put whose document was refused).
    func failure(in answer: Answer) -> CommandFailure?

    /// A failure rephrased for this command (a query's syntax error gets a caret).
    func explained(_ failure: CommandFailure) -> CommandFailure
}

extension RemoteCommand {
    static var changesServer: Bool { false }

    func items(_ answer: Answer) -> [any Encodable]? { nil }

    func failure(in answer: Answer) -> CommandFailure? { nil }

    func explained(_ failure: CommandFailure) -> CommandFailure { failure }

    func run() async throws {
        try await self.runRemote()
    }

    /// Connects, asks, prints in the chosen format, and exits with the documented code.
    func runRemote() async throws {
        try await self.runRemote { connection in try await self.ask(connection) }
    }

    /// The same with the question already prepared (a put reads its files before connecting).
    func runRemote(asking ask: (AxisConnection) async throws -> Answer) async throws {
        let answer: Answer
        do {
            answer = try await self.global.withConnection(ask)
        } catch let failure as CommandFailure {
            throw self.explained(failure)
        }
        try self.output(answer)
        if let failure = self.failure(in: answer) { throw failure }
    }

    func output(_ answer: Answer) throws {
        switch self.global.format {
        case .text:
            try self.printText(answer)
        case .json:
            try JSONOutput.print(self.json(answer))
        case .ndjson:
            guard let items = self.items(answer) else {
                try JSONOutput.print(self.json(answer))
                return
            }
            for item in items { try JSONOutput.print(item) }
        }
    }
}
