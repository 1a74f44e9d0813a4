import ArgumentParser
import AxisClient
import AxisCodec
import AxisTerminal
import Foundation

/// `axclient import`: load a pack into a server.
struct ImportCommand: AsyncParsableCommand {
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
        if self.file == "-" {
            // Standard input is read twice (check, then import): keep it in a temporary file.
            path = NSTemporaryDirectory() + "axclient-import-\(getpid()).axpack"
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            spooled = path
            do {
                let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                defer { try? out.close() }
                try InputFile.readStandardInput { chunk in try out.write(contentsOf: chunk) }
            } catch {
                try? FileManager.default.removeItem(atPath: path)
                throw CommandFailure("\(error)", exitCode: ExitStatus.usage, json: self.global.machineReadable)
            }
        }
        defer { if let spooled { try? FileManager.default.removeItem(atPath: spooled) } }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandFailure("\(self.file): no such file", exitCode: ExitStatus.usage, json: self.global.machineReadable)
        }
        guard !isFolder.boolValue else {
            throw CommandFailure("\(self.file): a folder, not a pack file", exitCode: ExitStatus.usage, json: self.global.machineReadable)
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
            throw CommandFailure("\(self.file): not imported: \(error)", exitCode: ExitStatus.protocolError, json: self.global.machineReadable)
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
}
