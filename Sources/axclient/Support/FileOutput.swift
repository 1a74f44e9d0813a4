import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Everything axclient prints, to stdout or stderr, goes through here: unbuffered write(2)
/// calls, so output to the two streams keeps its order, and a failed write ends the command
/// the way a Unix tool ends, never in a trap (`FileHandle.write` traps on any write error:
/// `axclient get x | head` crashed on the broken pipe, `> /dev/full` on the full disk).
struct FileOutput: Sendable {
    let descriptor: Int32
    let name: String

    static let standardOutput = FileOutput(descriptor: STDOUT_FILENO, name: "standard output")
    static let standardError = FileOutput(descriptor: STDERR_FILENO, name: "standard error")

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
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(self.descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
            if count >= 0 {
                written += count
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN:
                // Left non-blocking by whoever opened it: wait until it takes more.
                var ready = pollfd(fd: self.descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            case EPIPE:
                Self.endForBrokenPipe()
            case let failure:
                self.endForFailure(failure)
            }
        }
    }

    /// The reader has gone (`| head`): stop at once and say nothing, as `cat` would, by the
    /// signal the kernel would have ended us with had SIGPIPE not been ignored (exit 141 in a shell).
    static func endForBrokenPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(128 + SIGPIPE)
    }

    /// A full disk or a dead terminal: one line on stderr (if it still works), exit 1.
    private func endForFailure(_ failure: Int32) -> Never {
        if self.descriptor != STDERR_FILENO {
            let message = "axclient: cannot write \(self.name): \(String(cString: strerror(failure)))\n"
            _ = message.utf8CString.withUnsafeBufferPointer { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
        }
        exit(ExitStatus.outputFailed)
    }
}
