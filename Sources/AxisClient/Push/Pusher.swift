import AxisCodec
import AxisDigest

/// Pushes documents: skips those the server already has (same SHA-256 and metadata, asked
/// with DOC_STAT), and sends the rest in batches, several requests in flight.
///
/// Documents are read a chunk at a time (up to a thousand, or 32 MiB), so memory stays
/// bounded whatever the size of the tree or of an NDJSON file.
public enum Pusher {
    public struct Summary: Sendable {
        public var created: Int = 0
        public var updated: Int = 0
        public var unchanged: Int = 0
        public var failed: [(origin: String, message: String)] = []
        /// Raw bytes of the documents sent (unchanged ones are not sent).
        public var bytes: UInt64 = 0

        public var total: Int { self.created + self.updated + self.unchanged + self.failed.count }
    }

    /// What every document gets unless it says otherwise.
    public struct Defaults: Sendable {
        public var source: String?
        public var tags: [String]

        public init(source: String? = nil, tags: [String] = []) {
            self.source = source
            self.tags = tags
        }

        func apply(to upload: inout AxisConnection.Upload) {
            if upload.source.isEmpty, let source = self.source { upload.source = source }
            for tag in self.tags where !upload.tags.contains(tag) { upload.tags.append(tag) }
        }
    }

    typealias Entry = (origin: String, upload: AxisConnection.Upload)

    /// Documents read (and stat-ed) at a time, and their most raw bytes.
    static let chunkDocuments = DocStat.maxKeys
    static let chunkBytes = 32 * 1024 * 1024
    /// Documents per request, raw bytes per request, and requests in flight.
    static let batchDocuments = 100
    static let batchBytes = 8 * 1024 * 1024
    static let inflight = 4

    /// Pushes everything `reader` yields. Per-document problems (unreadable files, bad JSON,
    /// documents the server refuses) are collected in the summary; losing the connection
    /// throws.
    public static func push(
        _ reader: inout DocumentReader, defaults: Defaults = Defaults(), over connection: AxisConnection,
        progress: ProgressHandler? = nil
    ) async throws(ClientError) -> Summary {
        var summary = Summary()
        var state = TransferProgress()
        state.totalBytes = reader.totalBytes
        var exhausted = false
        while !exhausted {
            var chunk: [Entry] = []
            var chunkBytes = 0
            var inputBytes: UInt64 = 0
            while chunk.count < Self.chunkDocuments && chunkBytes < Self.chunkBytes {
                guard let (item, bytes) = reader.next() else {
                    exhausted = true
                    break
                }
                inputBytes += bytes
                switch item.result {
                case .success(var upload):
                    defaults.apply(to: &upload)
                    chunk.append((item.origin, upload))
                    chunkBytes += upload.body.count
                case .failure(let error):
                    summary.failed.append((item.origin, error.description))
                    state.records += 1
                }
            }
            try await Self.push(chunk, over: connection, summary: &summary)
            state.records += UInt64(chunk.count)
            state.skipped = UInt64(summary.unchanged)
            state.bytes += inputBytes
            progress?(state)
        }
        return summary
    }

    /// One chunk: stat, then the changed documents in pipelined batches.
    static func push(_ chunk: [Entry], over connection: AxisConnection, summary: inout Summary) async throws(ClientError) {
        guard !chunk.isEmpty else { return }
        let known = try await connection.stat(chunk.map(\.upload.key))
        let byKey = Dictionary(known.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var toSend: [Entry] = []
        for entry in chunk {
            if let info = byKey[entry.upload.key], Self.isUnchanged(entry.upload, info) {
                summary.unchanged += 1
            } else {
                toSend.append(entry)
            }
        }
        let batches = Self.batches(toSend)
        let results = await withTaskGroup(of: (Int, Result<[PutResult], ClientError>).self) { group in
            var next = 0
            var collected: [(Int, Result<[PutResult], ClientError>)] = []
            func addNext() {
                guard next < batches.count else { return }
                let index = next
                let uploads = batches[index].map(\.upload)
                next += 1
                group.addTask { (index, await Self.put(uploads, over: connection)) }
            }
            for _ in 0..<Self.inflight { addNext() }
            while let result = await group.next() {
                collected.append(result)
                addNext()
            }
            return collected
        }
        for (index, outcome) in results.sorted(by: { $0.0 < $1.0 }) {
            let batch = batches[index]
            switch outcome {
            case .failure(let error):
                if error.code == .cannotConnect || error.code == .connectionClosed { throw error }
                for entry in batch { summary.failed.append((entry.origin, error.description)) }
            case .success(let putResults):
                for (entry, result) in zip(batch, putResults) {
                    if let error = result.error {
                        summary.failed.append((entry.origin, error.description))
                    } else if !result.created {
                        summary.unchanged += 1
                    } else if result.version == 1 {
                        summary.created += 1
                    } else {
                        summary.updated += 1
                    }
                }
                summary.bytes += batch.reduce(0) { $0 + UInt64($1.upload.body.count) }
            }
        }
    }

    /// Splits documents into requests of at most `batchDocuments` and about `batchBytes`.
    static func batches(_ entries: [Entry]) -> [[Entry]] {
        var batches: [[Entry]] = []
        var current: [Entry] = []
        var bytes = 0
        for entry in entries {
            if current.count == Self.batchDocuments || (bytes + entry.upload.body.count > Self.batchBytes && !current.isEmpty) {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(entry)
            bytes += entry.upload.body.count
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// One batch as a result (typed throws kept out of the task-group closure).
    private static func put(_ uploads: [AxisConnection.Upload], over connection: AxisConnection) async -> Result<[PutResult], ClientError> {
        do {
            return .success(try await connection.put(uploads))
        } catch {
            return .failure(error)
        }
    }

    static func isUnchanged(_ upload: AxisConnection.Upload, _ info: SnapshotInfoMessage) -> Bool {
        !info.deleted && SHA256.hash(upload.body).bytes == info.contentHash && upload.title == info.title
            && upload.source == info.source && upload.url == info.url && upload.published == info.published
            && upload.tags == info.tags
    }
}
