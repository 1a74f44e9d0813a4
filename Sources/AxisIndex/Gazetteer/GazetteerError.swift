/// A gazetteer file that cannot be used: where it is wrong (file and line) and what is wrong.
public struct GazetteerError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file the error was found in (as given to the loader, or the resource name).
    public let file: String
    /// The 1-based line, when the error has one.
    public let line: Int?
    /// What is wrong, in words.
    public let message: String

    /// Creates an error for `file` at `line`.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line = self.line {
            return "\(self.file):\(line): \(self.message)"
        }
        return "\(self.file): \(self.message)"
    }
}
