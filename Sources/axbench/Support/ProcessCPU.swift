import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU time a process has used, user and system, from /proc (Linux): this process's own
/// (`self`) or a child server's, read the same way.
enum ProcessCPU {
    /// Seconds of CPU so far; 0 when /proc cannot be read.
    static func seconds(of pid: String = "self") -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let afterName = text.range(of: ") ", options: .backwards)
        else { return 0 }
        // Fields after the command name start at field 3 (state); utime and stime are 14 and 15.
        let fields = text[afterName.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
