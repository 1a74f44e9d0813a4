/// Where a server listens (shared by both executables, hence here): `HOST:PORT`, `[IPv6]:PORT`, or `HOST` (port 7411).
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The port `axserver` listens on by default.
    public static let defaultPort = 7411
    /// `127.0.0.1:7411`, where `axserver` listens with no flags.
    public static let `default` = ServerAddress(host: "127.0.0.1", port: defaultPort)

    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`, `[IPv6]:PORT`, `HOST` or `:PORT`; `nil` if malformed. Port 0 parses
    /// (a server listening on it picks a free port); clients refuse it themselves.
    public init?(parsing text: String) {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        var host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = rest.dropFirst()
            }
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else if text.contains(":") {
            // A bare IPv6 address without brackets (no port): hex digits, colons, dots only.
            guard text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            host = Substring(text)
        } else {
            host = Substring(text)
        }
        if host.isEmpty { host = "127.0.0.1" }
        var port = Self.defaultPort
        if let portText {
            guard let value = Int(portText), (0...65535).contains(value) else { return nil }
            port = value
        }
        self.host = String(host)
        self.port = port
    }

    public var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension ServerAddress {
    /// Whether the host is this machine only: 127.0.0.0/8, ::1 or "localhost".
    public var isLoopback: Bool {
        let host = self.host.lowercased()
        return host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
