import Foundation

/// Unbuffered writes to stdout and stderr.
struct FileOutput: Sendable {
    let handle: FileHandle

    static let standardOutput = FileOutput(handle: .standardOutput)
    static let standardError = FileOutput(handle: .standardError)

    func write(_ text: String) {
        self.handle.write(Data(text.utf8))
    }
}
