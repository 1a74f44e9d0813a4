import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal
import Foundation

/// `axclient import`: load a pack into a server.
struct ImportCommand: AsyncParsableCommand, TakesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a pack into the server: checked whole first, then imported in order.",
        discussion: """
            The whole pack is checked before anything is sent (every record's checksum
            and SHA-256, the order, the trailer): a truncated or damaged pack imports
            nothing. Importing is idempotent: what the server already has is skipped, so
            an interrupted import can simply be run again, and it resumes where it
            stopped.

            Examples:
              axclient import team-2024-10-03.axpack
              cat delta.axpack | axclient --server 10.0.0.5:7411 import -
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The pack file, or - for standard input.", valueName: "FILE|-"))
    var file: String

    struct ImportJSON: Encodable {
        var records: UInt64
        var imported: UInt64
        var skipped: UInt64
        var lastSequence: UInt64
        var seconds: Double

        enum CodingKeys: String, CodingKey {
            case records, imported, skipped, seconds
            case lastSequence = "last_sequence"
        }
    }

    func run() async throws {
        var path = self.file
        var spooled: String?
        defer { if let spooled { unlink(spooled) } }
        if self.file == "-" {
            path = NSTemporaryDirectory() + "axclient-import-\(getpid()).axpack"
            spooled = path
            try self.spoolStandardInput(to: path)
        }
        if let problem = FileContents.problem(with: path, streams: true) {
            let reason = problem.isFolder ? "a folder, not a pack file" : problem.reason
            throw CommandFailure("\(self.file): \(reason)", exitCode: ExitStatus.usage, json: self.global.machineReadable)
        }
        // Opened once before connecting: a pack that cannot be opened is a usage error
        // whether or not a server is there.
        do {
            _ = try FilePackSource(path: path)
        } catch {
            throw CommandFailure("\(error)", exitCode: ExitStatus.usage, json: self.global.machineReadable)
        }

        let bar = ProgressBar(label: "import", unit: "records")
        let result: PackImport.Result
        do {
            result = try await self.global.withConnection { connection in
                try await PackImport.run({ try FilePackSource(path: path) }, into: connection) { progress in
                    bar.update(count: progress.records, bytes: progress.bytes, totalCount: progress.totalRecords, totalBytes: progress.totalBytes)
                }
            }
        } catch let error as PackError {
            bar.finish()
            // A damaged or foreign file is the user's input that cannot be read: usage.
            throw CommandFailure("\(self.file): not imported: \(error)", exitCode: ExitStatus.usage, json: self.global.machineReadable)
        } catch let error as PackFileError {
            bar.finish()
            throw CommandFailure("\(error)", exitCode: ExitStatus.usage, json: self.global.machineReadable)
        }
        bar.finish()
        let seconds = bar.elapsedSeconds
        if self.global.json {
            try JSONOutput.print(
                ImportJSON(records: result.summary.count, imported: result.imported, skipped: result.skipped, lastSequence: result.summary.lastSequence, seconds: seconds))
        } else {
            FileOutput.standardError.write(
                "imported \(Formatting.thousands(Int(result.imported))) of \(Formatting.thousands(Int(result.summary.count))) records "
                    + "(\(result.skipped) already present) in \(Formatting.fixed(seconds)) s\n")
        }
    }

    /// Standard input is read twice (checked whole, then imported): it is kept in a temporary
    /// file at `path`, removed by the caller. Standard input that cannot be read is exit 2; a
    /// temporary folder that is full is exit 9.
    private func spoolStandardInput(to path: String) throws {
        do {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw PackFileError(path: path, operation: "create", code: errno) }
            let spool = OwnedDescriptor(descriptor)
            try InputFile.readStandardInput { chunk in
                if let failure = chunk.withUnsafeBytes({ Descriptor.writeAll(spool.descriptor, $0) }) {
                    throw PackFileError(path: path, operation: "write", code: failure)
                }
            }
        } catch let error as PackFileError {
            throw CommandFailure(outputFailed: error, json: self.global.machineReadable)
        } catch {
            throw CommandFailure("\(error)", exitCode: ExitStatus.usage, json: self.global.machineReadable)
        }
    }
}
