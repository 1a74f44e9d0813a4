/// Where the entity index's checkpoint lives (`<data>/index/entities.axci`), read whole at
/// start and replaced atomically: written to a temporary file, synced, renamed over the old
/// one, and the folder synced. A crash leaves the old checkpoint or the new one, never half.
///
/// Beside it, its journal (`entities.axcj`, `IndexCheckpointJournal`): records appended and
/// synced one at a time between full checkpoints; a crash while appending leaves a torn last
/// record that reading skips and the next start cuts off.
///
/// The store's module holds it because it is durable file work in the data folder, done with
/// the store's own `File` and `Directory` (the bytes are the index's: this type never reads
/// them).
public struct IndexCheckpointFile: Sendable {
    public let path: String
    public let journalPath: String
    private let folder: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(dataDirectory: String) {
        self.folder = dataDirectory + "/index"
        self.path = self.folder + "/entities.axci"
        self.journalPath = self.folder + "/entities.axcj"
    }

    /// The checkpoint's bytes, or nil when there is none.
    public func read() throws(Failure) -> [UInt8]? {
        try Self.reported { () throws(StoreError) in try Self.read(self.path) }
    }

    /// The journal's bytes, or nil when there is none.
    public func readJournal() throws(Failure) -> [UInt8]? {
        try Self.reported { () throws(StoreError) in try Self.read(self.journalPath) }
    }

    public func write(_ bytes: [UInt8]) throws(Failure) {
        try Self.reported { () throws(StoreError) in try self.replace(self.path, with: bytes) }
    }

    /// Starts a new journal for the checkpoint just written (atomically, like the checkpoint).
    public func resetJournal(_ header: [UInt8]) throws(Failure) {
        try Self.reported { () throws(StoreError) in try self.replace(self.journalPath, with: header) }
    }

    /// Appends one record to the journal and syncs it.
    public func appendJournal(_ record: [UInt8]) throws(Failure) {
        try Self.reported { () throws(StoreError) in
            let file = try File.openForAppending(self.journalPath, create: false)
            try file.write(record, at: try file.size())
            try file.sync()
        }
    }

    /// Cuts a torn or damaged tail off the journal.
    public func truncateJournal(to length: Int) throws(Failure) {
        try Self.reported { () throws(StoreError) in
            let file = try File.openForAppending(self.journalPath, create: false)
            try file.truncate(to: UInt64(max(0, length)))
            try file.sync()
        }
    }

    /// The journal's size in bytes (0 when there is none).
    public var journalSize: Int {
        guard let size = try? File.openForReading(self.journalPath).size() else { return 0 }
        return Int(clamping: size)
    }

    private static func read(_ path: String) throws(StoreError) -> [UInt8]? {
        guard Directory.exists(path) else { return nil }
        let file = try File.openForReading(path)
        let size = try file.size()
        guard let count = Int(exactly: size) else {
            throw StoreError(.limitExceeded, "\(path) is \(size) bytes, more than can be read at once")
        }
        let bytes = try file.read(at: 0, count: count)
        guard bytes.count == count else {
            throw StoreError(.corrupt, "\(path) ended after \(bytes.count) of its \(count) bytes while it was read")
        }
        return bytes
    }

    private func replace(_ path: String, with bytes: [UInt8]) throws(StoreError) {
        try Directory.create(self.folder)
        let temporary = path + ".tmp"
        let file = try File.openForAppending(temporary, create: true)
        try file.truncate(to: 0)
        try file.write(bytes, at: 0)
        try file.sync()
        try Directory.rename(temporary, to: path)
        try Directory.sync(self.folder)
    }

    /// The store's error, as this type's (its callers log it and carry on without a checkpoint).
    private static func reported<T>(_ body: () throws(StoreError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw Failure(description: error.description)
        }
    }
}
