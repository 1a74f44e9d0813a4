import Foundation

/// The documents under a list of files, one at a time, so a push of any size holds only
/// what is in flight. NDJSON files are read line by line; other files whole.
public struct DocumentReader {
    /// A line longer than this is reported as an error instead of being read.
    public static let maxLineBytes = 64 * 1024 * 1024

    private let files: [DocumentFiles.File]
    private var nextFile = 0
    private var lines: (file: DocumentFiles.File, reader: LineReader)?

    public init(files: [DocumentFiles.File]) {
        self.files = files
    }

    /// The sum of the files' sizes (for progress).
    public var totalBytes: UInt64 { self.files.reduce(0) { $0 + $1.size } }

    /// The next document (or the reason it could not be read), with the bytes of input it
    /// took; `nil` when every file is done.
    public mutating func next() -> (item: DocumentFiles.Item, bytes: UInt64)? {
        while true {
            if let (file, reader) = self.lines {
                var reader = reader
                let line: LineReader.Line?
                do {
                    line = try reader.next()
                } catch {
                    self.lines = nil
                    return (Self.failure(file.path, "cannot read: \(error.localizedDescription)"), 0)
                }
                self.lines = (file, reader)
                switch line {
                case nil:
                    self.lines = nil
                case .tooLong(let number, let bytes):
                    return (Self.failure("\(file.path):\(number)", "line longer than \(Self.maxLineBytes) bytes"), UInt64(bytes))
                case .text(let text, let number, let bytes):
                    guard text.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { continue }
                    let item = DocumentFiles.document(fromJSON: Data(text), defaultKey: "\(file.key)#\(number)", origin: "\(file.path):\(number)")
                    return (item, UInt64(bytes))
                }
                continue
            }
            guard self.nextFile < self.files.count else { return nil }
            let file = self.files[self.nextFile]
            self.nextFile += 1
            guard DocumentFiles.isLineDelimited(file.path) else {
                return (DocumentFiles.read(file), file.size)
            }
            // Checked first: a named pipe would block the open for ever.
            if let problem = FileContents.problem(with: file.path, streams: false) {
                return (Self.failure(file.path, "cannot read: \(problem)"), file.size)
            }
            do {
                self.lines = (file, try LineReader(path: file.path, maxLineBytes: Self.maxLineBytes))
            } catch {
                return (Self.failure(file.path, "cannot read: \(error.localizedDescription)"), file.size)
            }
        }
    }

    private static func failure(_ origin: String, _ message: String) -> DocumentFiles.Item {
        DocumentFiles.Item(origin: origin, result: .failure(DocumentFiles.FileError(description: message)))
    }
}
