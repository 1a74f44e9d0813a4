import AxisClient
import Foundation

/// One line's result in `axclient batch` output (docs/cli.md, "batch"): the command's --json
/// value under "result", or its error under "error".
struct BatchOutcome: Encodable {
    var line: Int
    var command: String
    var ok: Bool
    var exitCode: Int32
    var result: (any Encodable)?
    var error: [String: String]?

    enum CodingKeys: String, CodingKey {
        case line, command, ok, result, error
        case exitCode = "exit_code"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.line, forKey: .line)
        try container.encode(self.command, forKey: .command)
        try container.encode(self.ok, forKey: .ok)
        try container.encode(self.exitCode, forKey: .exitCode)
        if let result { try container.encode(result, forKey: .result) }
        if let error { try container.encode(error, forKey: .error) }
    }

    static func failed(_ line: BatchScript.Line, _ failure: CommandFailure) -> BatchOutcome {
        var error = failure.details
        error["message"] = failure.message
        return BatchOutcome(line: line.number, command: line.text, ok: false, exitCode: failure.exitCode, result: nil, error: error)
    }

    /// The outcome as one line of JSON (keys sorted, like every --json output).
    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else {
            return "{\"command\":\"\",\"error\":{\"message\":\"the result could not be encoded\"},\"exit_code\":1,\"line\":\(self.line),\"ok\":false}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
