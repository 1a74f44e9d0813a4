import Foundation

/// axclient's settings file (docs/cli.md, "Configuration"): `key = value` lines, `#` comments.
///
/// Found at --config, else `$AX_CONFIG`, else `$XDG_CONFIG_HOME/axis/axclient.conf` (or
/// `~/.config/axis/axclient.conf`) when that exists. Command-line options and environment
/// variables win over it.
struct ConfigFile: Equatable {
    struct Failure: Error {
        var message: String
    }

    static let keys: Set<String> = ["server", "timeout", "token", "tls", "ca"]

    var path: String?
    var server: String?
    var timeout: Double?
    /// The token for the server (keep such a file readable by its owner only).
    var token: String?
    /// `tls = true`: connect with TLS; `ca = FILE`: the certificates to trust.
    var tls = false
    var ca: String?

    static let none = ConfigFile()

    /// The settings in effect: from `explicitPath`, else from the environment's choice.
    static func load(explicitPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(Failure) -> ConfigFile {
        if let path = explicitPath ?? environment["AX_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw Failure(message: "\(path): cannot read the config file")
            }
            return try Self.parse(text, path: path)
        }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"].map { $0 + "/.config" } ?? "")
        let path = base + "/axis/axclient.conf"
        guard !base.isEmpty, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .none }
        return try Self.parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws(Failure) -> ConfigFile {
        var config = ConfigFile(path: path)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            let where_ = "\(path):\(index + 1)"
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw Failure(message: "\(where_): expected 'key = value'")
            }
            switch parts[0] {
            case "server":
                config.server = parts[1]
            case "token":
                config.token = parts[1]
            case "tls":
                guard let value = Bool(parts[1]) else { throw Failure(message: "\(where_): tls must be true or false") }
                config.tls = value
            case "ca":
                config.ca = parts[1]
            case "timeout":
                guard let seconds = Double(parts[1]), seconds > 0, seconds.isFinite else {
                    throw Failure(message: "\(where_): timeout must be a positive number of seconds")
                }
                config.timeout = seconds
            default:
                throw Failure(message: "\(where_): unknown setting '\(parts[0])' (known: \(Self.keys.sorted().joined(separator: ", ")))")
            }
        }
        return config
    }
}
