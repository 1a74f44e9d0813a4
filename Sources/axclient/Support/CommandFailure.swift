import AxisClient
import AxisCodec
import Foundation

/// A failure a command reports itself: one line on stderr (or a JSON object under --json),
/// and a documented exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32
    var json: Bool
    var details: [String: String] = [:]

    init(_ message: String, exitCode: Int32, json: Bool, details: [String: String] = [:]) {
        self.message = message
        self.exitCode = exitCode
        self.json = json
        self.details = details
    }

    /// Output that could not be written (a full disk): exit 9, the reason as the file says it.
    init(outputFailed error: PackFileError, json: Bool) {
        self.init("\(error)", exitCode: ExitStatus.outputFailed, json: json)
    }

    init(_ error: ClientError, json: Bool) {
        var details: [String: String] = ["kind": error.code.description]
        if let serverError = error.serverError {
            details["code"] = String(serverError.code.rawValue)
            details["name"] = serverError.code.name
            details["retry"] = serverError.retry.description
            if let field = serverError.field { details["field"] = field }
            if let offset = serverError.offset { details["offset"] = String(offset) }
        }
        self.init(error.description, exitCode: ExitStatus.code(for: error), json: json, details: details)
    }

    /// A syntax error in `text` (the option `field`), drawn: the text with a caret under the
    /// spot; exit code usage.
    func pointing(into text: String, field: String) -> CommandFailure {
        guard self.details["field"] == field, let offsetText = self.details["offset"], let offset = Int(offsetText) else { return self }
        var explained = self
        explained.exitCode = ExitStatus.usage
        if !self.json {
            // The offset counts UTF-8 bytes; the caret goes under the character that starts there.
            let column = String(decoding: Array(text.utf8.prefix(max(0, offset))), as: UTF8.self).count
            explained.message = self.message + "\n  " + text + "\n  " + String(repeating: " ", count: column) + "^"
        }
        return explained
    }

    func report() {
        if self.json {
            var object: [String: Any] = ["error": self.message, "exit_code": Int(self.exitCode)]
            for (key, value) in self.details { object[key] = value }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            FileOutput.standardError.write(String(decoding: data, as: UTF8.self) + "\n")
        } else {
            FileOutput.standardError.write("axclient: \(self.message)\n")
        }
    }
}
