import Foundation

/// JSON on stdout: keys sorted, so the output of a command is stable byte for byte.
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileOutput.standardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
