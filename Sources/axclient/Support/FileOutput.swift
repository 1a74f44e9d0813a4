import AxisClient
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Everything axclient prints, to stdout or stderr, goes through here: unbuffered write(2)
/// calls, so output to the two streams keeps its order, and a failed write ends the command
/// the way a Unix tool ends, never in a trap (`FileHandle.write` traps on any write error:
/// `axclient get x | head` crashed on the broken pipe, `> /dev/full` on the full disk).
struct FileOutput: Sendable {
    let descriptor: Int32

    static let standardOutput = FileOutput(descriptor: STDOUT_FILENO)
    static let standardError = FileOutput(descriptor: STDERR_FILENO)

    /// `text` and a newline on stdout.
    static func line(_ text: String = "") {
        Self.standardOutput.write(text + "\n")
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { self.write($0) }
    }

    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { self.write($0) }
    }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch Descriptor.writeAll(self.descriptor, UnsafeRawBufferPointer(bytes)) {
        case nil:
            return
        case EPIPE:
            Self.endForBrokenPipe()
        case let failure?:
            self.endForFailure(failure)
        }
    }

    /// The reader has gone (`| head`): stop at once and say nothing, as `cat` would, by the
    /// signal the kernel would have ended us with had SIGPIPE not been ignored (exit 141 in a shell).
    static func endForBrokenPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(128 + SIGPIPE)
    }

    /// Whether errors are JSON objects (--json, --ndjson, batch): set once, when the command
    /// line is parsed.
    static var errorsAsJSON: Bool {
        get { Self.errorsAsJSONFlag.load(ordering: .relaxed) }
        set { Self.errorsAsJSONFlag.store(newValue, ordering: .relaxed) }
    }

    private static let errorsAsJSONFlag = Atomic<Bool>(false)

    /// A full disk or a dead terminal: exit 9, said on stderr (as JSON under --json) while
    /// stderr works; a failing stderr just ends the command.
    private func endForFailure(_ failure: Int32) -> Never {
        if self.descriptor != STDERR_FILENO {
            let error = PackFileError(path: "standard output", operation: "write", code: failure)
            CommandFailure(outputFailed: error, json: Self.errorsAsJSON).report()
        }
        exit(ExitStatus.outputFailed)
    }
}
