import ArgumentParser
import AxisClient
import AxisCodec
import Foundation

/// `axclient batch`: many commands over one connection, pipelined; NDJSON results in order.
struct BatchCommand: AsyncParsableCommand, TakesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Run many commands (one per line, as on the command line) over one connection.",
        discussion: """
            Each line is a command in the same syntax as the command line, without
            'axclient' (it may be there); '#' starts a comment; quotes work as in a
            shell. Commands that only read run pipelined, up to --parallel at a time; a
            command that changes the server (put, rm) waits for the ones before it, and
            the ones after it wait for it. push, export, import, sync and batch cannot
            run in a batch.

            Output: one JSON object per line of input that holds a command, in input
            order, with "line", "command", "ok", "exit_code", and "result" (the
            command's --json) or "error" (as --json prints errors). Exit code: 0 when
            every command succeeded, 8 when any failed, or the code of a failure of the
            batch itself (4: cannot connect).

            Examples:
              axclient batch weekly.ax
              printf 'entities --top 5\\nquery "shells since:2024"\\n' | axclient batch -
              axclient batch --stop-on-error report.ax | jq -c 'select(.ok | not)'
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The batch file; - (the default) reads standard input.", valueName: "FILE"))
    var file: String = "-"

    @Flag(help: "Stop at the first failure (commands then run one at a time, so none after it runs).")
    var stopOnError = false

    @Option(help: "Commands in flight at once.")
    var parallel: Int = 16

    func validate() throws {
        guard (1...1024).contains(self.parallel) else { throw ValidationError("--parallel must be between 1 and 1024") }
    }

    func run() async throws {
        let text: String
        do {
            text = String(decoding: try InputFile.read(self.file), as: UTF8.self)
        } catch {
            throw CommandFailure("\(error)", exitCode: ExitStatus.usage, json: true)
        }
        let script = BatchScript(text: text)
        let connection = try await self.global.connect()
        let failures = await BatchRunner(
            connection: connection, parallel: self.stopOnError ? 1 : self.parallel, stopOnError: self.stopOnError,
            machineReadableErrors: true
        ).run(script.lines) { line in
            FileOutput.standardOutput.write(line + "\n")
        }
        await connection.close()
        if failures > 0 {
            FileOutput.standardError.write("axclient: \(failures) of \(script.lines.count) commands failed\n")
            throw ExitCode(ExitStatus.batchFailed)
        }
    }
}
