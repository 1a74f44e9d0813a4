import ArgumentParser
import AxisClient
import AxisCodec
import Foundation

/// `axclient put`: store files as documents.
struct PutCommand: RemoteCommand {
    static let changesServer = true

    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Store files as documents (a new version when the content changed).",
        discussion: """
            The key is the file's name unless --key is given; '-' reads standard input
            (then --key is required). Identical content and metadata add nothing
            ("unchanged"). Bodies are compressed here and travel compressed; the server
            verifies their SHA-256.

            Examples:
              axclient put article.txt --title "Shells for Russia" --source reuters --published 2024-10-03
              axclient put a.txt b.txt c.txt --tag korea --tag artillery
              curl -s https://example.org/x | axclient put - --key example.org/x
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Files to store; - reads standard input.")
    var files: [String]

    @Option(help: "The document key (default: the file's name).")
    var key: String?

    @Option(help: "Title.")
    var title: String = ""

    @Option(help: "Source (e.g. reuters).")
    var source: String = ""

    @Option(help: "URL of the original.")
    var url: String = ""

    @Option(help: ArgumentHelp("Published date.", valueName: "YYYY-MM-DD"))
    var published: String = ""

    @Option(name: .customLong("tag"), help: "A tag (repeatable).")
    var tags: [String] = []

    func validate() throws {
        guard !self.files.isEmpty else { throw ValidationError("give at least one file (or - for standard input)") }
        if self.key != nil && self.files.count != 1 { throw ValidationError("--key works with exactly one file") }
        if self.files.contains("-") {
            guard self.key != nil else { throw ValidationError("reading standard input (-) needs --key") }
        }
        if !self.published.isEmpty && TimeArgument.date(self.published) == nil {
            throw ValidationError("--published must be a date YYYY-MM-DD (got '\(self.published)')")
        }
    }

    /// Documents per request, and the most raw bytes per request.
    static let batchDocuments = 100
    static let batchBytes = 8 * 1024 * 1024

    func ask(_ connection: AxisConnection) async throws -> [PutResult] {
        try await Self.send(try self.uploads(), over: connection)
    }

    /// Run alone, the files are read before connecting: a missing file is a usage error
    /// whether or not a server is there.
    func run() async throws {
        let uploads = try self.uploads()
        try await self.runRemote { connection in try await Self.send(uploads, over: connection) }
    }

    private func uploads() throws -> [AxisConnection.Upload] {
        var uploads: [AxisConnection.Upload] = []
        for file in self.files {
            let body: [UInt8]
            do {
                body = try InputFile.read(file)
            } catch {
                throw CommandFailure("\(error)", exitCode: ExitStatus.usage, json: self.global.machineReadable)
            }
            guard String(validating: body, as: UTF8.self) != nil else {
                throw CommandFailure("\(file): not UTF-8 text", exitCode: ExitStatus.usage, json: self.global.machineReadable)
            }
            let key = self.key ?? URL(fileURLWithPath: file).lastPathComponent
            uploads.append(
                AxisConnection.Upload(
                    key: key, body: body, title: self.title, source: self.source, url: self.url,
                    published: self.published, tags: self.tags))
        }
        return uploads
    }

    /// Sends uploads in batches, several requests in flight at once; results in input order.
    static func send(_ uploads: [AxisConnection.Upload], over connection: AxisConnection) async throws -> [PutResult] {
        var batches: [[AxisConnection.Upload]] = [[]]
        var batchBytes = 0
        for upload in uploads {
            if batches[batches.count - 1].count == Self.batchDocuments || (batchBytes + upload.body.count > Self.batchBytes && batchBytes > 0) {
                batches.append([])
                batchBytes = 0
            }
            batches[batches.count - 1].append(upload)
            batchBytes += upload.body.count
        }
        return try await withThrowingTaskGroup(of: (Int, [PutResult]).self) { group in
            for (index, batch) in batches.enumerated() where !batch.isEmpty {
                group.addTask { (index, try await connection.put(batch)) }
            }
            var ordered = [[PutResult]](repeating: [], count: batches.count)
            for try await (index, results) in group { ordered[index] = results }
            return ordered.flatMap { $0 }
        }
    }

    func json(_ results: [PutResult]) -> [PutJSON] { results.map(PutJSON.init) }

    func items(_ results: [PutResult]) -> [any Encodable]? { results.map(PutJSON.init) }

    func printText(_ results: [PutResult]) {
        for result in results where result.error == nil {
            let state = result.created ? "new" : "unchanged"
            FileOutput.line("\(state.padding(toLength: 9, withPad: " ", startingAt: 0)) v\(result.version)  seq \(result.sequence)  \(result.key)")
        }
    }

    /// The first refused document fails the command (the others were stored).
    func failure(in results: [PutResult]) -> CommandFailure? {
        let failures = results.filter { $0.error != nil }
        guard let first = failures.first, let error = first.error else { return nil }
        let others = failures.count > 1 ? " (and \(failures.count - 1) more refused)" : ""
        return CommandFailure(
            ClientError(.server, "\(first.key): \(error.description)\(others)", serverError: error), json: self.global.machineReadable)
    }
}

/// One `put` result as JSON.
struct PutJSON: Encodable {
    var key: String
    var version: UInt32?
    var sequence: UInt64?
    var created: Bool?
    var error: String?
    var errorCode: String?

    init(_ result: PutResult) {
        self.key = result.key
        if let error = result.error {
            self.error = error.message
            self.errorCode = error.code.name
        } else {
            self.version = result.version
            self.sequence = result.sequence
            self.created = result.created
        }
    }

    enum CodingKeys: String, CodingKey {
        case key, version, sequence, created, error
        case errorCode = "error_code"
    }
}
