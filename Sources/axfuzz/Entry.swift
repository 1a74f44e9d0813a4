#if AXIS_FUZZ
/// libFuzzer's entry point (built with -sanitize=fuzzer,address -DAXIS_FUZZ).
/// docs/operations.md, "Fuzzing", says how to run it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    FuzzTarget.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point under its own name: this one hands the command
/// line to libFuzzer's driver.
@_cdecl("axfuzz_main")
public func axfuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { data, size in fuzzOne(data, size) }
}
#else
import Foundation

/// Without the fuzzer: runs the inputs named on the command line (a crash libFuzzer found,
/// replayed in a debugger or a normal build), one file each.
@main
enum Replay {
    static func main() throws {
        let paths = CommandLine.arguments.dropFirst()
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: axfuzz FILE...  (replays fuzz inputs; see docs/operations.md, Fuzzing)\n".utf8))
            return
        }
        for path in paths {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes.withUnsafeBytes { FuzzTarget.run($0) }
            print("\(path): ok")
        }
    }
}
#endif
