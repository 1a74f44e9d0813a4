import Foundation

/// Facts about the terminal, and raw output.
enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// ANSI colour, only when stdout is a terminal and NO_COLOR is not set.
    static func colored(_ text: String, _ code: String) -> String {
        guard Self.standardOutputIsTerminal, ProcessInfo.processInfo.environment["NO_COLOR"] == nil else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// `text` quoted for a POSIX shell (single quotes).
    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
