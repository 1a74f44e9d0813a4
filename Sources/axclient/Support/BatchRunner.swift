import ArgumentParser
import AxisClient

/// Runs a batch's lines over one connection: reads pipelined up to `parallel` at a time,
/// writes as barriers; prints each outcome as soon as every line before it has printed.
struct BatchRunner: Sendable {
    let connection: AxisConnection
    let parallel: Int
    let stopOnError: Bool
    let machineReadableErrors: Bool

    /// - Returns: how many lines failed.
    func run(_ lines: [BatchScript.Line], print: (String) -> Void) async -> Int {
        var failures = 0
        var printer = OrderedPrinter(count: lines.count)
        await withTaskGroup(of: (Int, Bool, String).self) { group in
            var inFlight = 0
            var stopped = false
            func collect(_ finished: (Int, Bool, String)?) {
                guard let (index, ok, text) = finished else { return }
                inFlight -= 1
                if !ok {
                    failures += 1
                    if self.stopOnError { stopped = true }
                }
                printer.finish(index, text, print: print)
            }
            for (index, line) in lines.enumerated() {
                // A write waits for everything before it; a full pipeline waits for a slot.
                while inFlight > 0 && (line.changesServer || inFlight >= self.parallel) {
                    collect(await group.next())
                }
                if stopped { break }
                inFlight += 1
                group.addTask { await self.perform(line, index: index) }
                if line.changesServer {
                    collect(await group.next())
                }
            }
            while inFlight > 0 { collect(await group.next()) }
        }
        return failures
    }

    /// Runs one line; returns its index, whether it succeeded, and its JSON line.
    private func perform(_ line: BatchScript.Line, index: Int) async -> (Int, Bool, String) {
        guard let command = line.command else {
            let problem = line.problem ?? "not a command that asks a server"
            let outcome = BatchOutcome.failed(line, CommandFailure(problem, exitCode: ExitStatus.usage, json: true))
            return (index, false, outcome.encoded())
        }
        do {
            let outcome = try await self.perform(command, line: line)
            return (index, outcome.ok, outcome.encoded())
        } catch let failure as CommandFailure {
            return (index, false, BatchOutcome.failed(line, failure).encoded())
        } catch let error as ClientError {
            return (index, false, BatchOutcome.failed(line, CommandFailure(error, json: true)).encoded())
        } catch {
            let failure = CommandFailure(AxClient.fullMessage(for: error), exitCode: ExitStatus.usage, json: true)
            return (index, false, BatchOutcome.failed(line, failure).encoded())
        }
    }

    private func perform<Command: RemoteCommand>(_ command: Command, line: BatchScript.Line) async throws -> BatchOutcome {
        let answer: Command.Answer
        do {
            answer = try await command.ask(self.connection)
        } catch let error as ClientError {
            throw command.explained(CommandFailure(error, json: true))
        }
        if let failure = command.failure(in: answer) {
            var outcome = BatchOutcome.failed(line, failure)
            outcome.result = command.json(answer)
            return outcome
        }
        return BatchOutcome(line: line.number, command: line.text, ok: true, exitCode: ExitStatus.success, result: command.json(answer), error: nil)
    }
}

/// Prints results in input order while they finish in any order.
struct OrderedPrinter {
    private var pending: [String?]
    private var next = 0

    init(count: Int) {
        self.pending = Array(repeating: nil, count: count)
    }

    mutating func finish(_ index: Int, _ text: String, print: (String) -> Void) {
        self.pending[index] = text
        while self.next < self.pending.count, let ready = self.pending[self.next] {
            print(ready)
            self.pending[self.next] = nil
            self.next += 1
        }
    }
}
