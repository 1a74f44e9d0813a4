import ArgumentParser
import AxisClient
import AxisTerminal
import Foundation

/// `axclient push`: files and folders into the server, skipping what it already has.
struct PushCommand: AsyncParsableCommand, TakesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Store files and folders (recursively): .txt, .md, .html, .json, .ndjson/.jsonl.",
        discussion: """
            A file's key is its path relative to the folder given (its name, for a file
            given directly), unless a JSON document carries its own "key". HTML is
            stored as its text, titled by <title>. A .json file holds one object {key,
            title, source, url, published, tags, body}; .ndjson/.jsonl hold one per
            line. Documents the server already has (same content and metadata) are not
            sent again. Errors in single files are listed at the end and do not stop the
            rest.

            Examples:
              axclient push ~/articles
              axclient push crawl/2024-10-03.ndjson --source crawler
              axclient push report.html notes.md --tag korea --json
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files and folders.")
    var paths: [String]

    @Option(help: "Source for documents that do not give one.")
    var source: String?

    @Option(name: .customLong("tag"), help: "A tag added to every document (repeatable).")
    var tags: [String] = []

    struct PushJSON: Encodable {
        struct Failure: Encodable {
            var file: String
            var error: String
        }

        var created: Int
        var updated: Int
        var unchanged: Int
        var failed: [Failure]
        var bytes: UInt64
        var seconds: Double
    }

    /// A path the user named that is not there is a usage error before connecting (a file
    /// that cannot be read inside a folder is listed with the other failures instead).
    func validate() throws {
        for path in self.paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                throw ValidationError("\(path): \(errno == ENOENT ? "no such file or folder" : String(cString: strerror(errno)))")
            }
        }
    }

    func run() async throws {
        let bar = ProgressBar(label: "push", unit: "documents")
        var reader = DocumentReader(files: DocumentFiles.files(in: self.paths))
        let defaults = Pusher.Defaults(source: self.source, tags: self.tags)
        let summary = try await self.global.withConnection { connection in
            try await Pusher.push(&reader, defaults: defaults, over: connection) { progress in
                bar.update(count: progress.records, bytes: progress.bytes, totalBytes: progress.totalBytes)
            }
        }
        bar.finish()
        let seconds = bar.elapsedSeconds
        if self.global.json {
            try JSONOutput.print(
                PushJSON(
                    created: summary.created, updated: summary.updated, unchanged: summary.unchanged,
                    failed: summary.failed.map { PushJSON.Failure(file: $0.origin, error: $0.message) }, bytes: summary.bytes,
                    seconds: seconds))
        } else {
            FileOutput.standardError.write(
                "pushed \(Formatting.thousands(summary.total)) documents in \(Formatting.fixed(seconds)) s: "
                    + "\(summary.created) new, \(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.failed.count) failed; "
                    + "\(Formatting.bytes(summary.bytes)) sent\n")
            for failure in summary.failed {
                FileOutput.standardError.write("axclient: \(failure.origin): \(failure.message)\n")
            }
        }
        if !summary.failed.isEmpty { throw ExitCode(ExitStatus.serverError) }
    }
}
