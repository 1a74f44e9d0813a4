import AxisCodec
import Testing

@Suite("Server addresses")
struct ServerAddressTests {
    @Test(
        "valid forms",
        arguments: [
            ("127.0.0.1:7411", "127.0.0.1", 7411),
            ("example.org:80", "example.org", 80),
            ("example.org", "example.org", 7411),
            (":9000", "127.0.0.1", 9000),
            ("[::1]:7411", "::1", 7411),
            ("[::1]", "::1", 7411),
            ("::1", "::1", 7411),
            ("  localhost:1  ", "localhost", 1),
            ("127.0.0.1:0", "127.0.0.1", 0),
        ])
    func valid(text: String, host: String, port: Int) throws {
        let address = try #require(ServerAddress(parsing: text))
        #expect(address.host == host)
        #expect(address.port == port)
    }

    @Test("invalid forms", arguments: ["", "host:", "host:65536", "host:x", "[::1", "[::1]x", "bad:port:x"])
    func invalid(text: String) {
        #expect(ServerAddress(parsing: text) == nil)
    }

    @Test("IPv6 hosts print with brackets")
    func description() {
        #expect(ServerAddress(host: "::1", port: 1).description == "[::1]:1")
        #expect(ServerAddress.default.description == "127.0.0.1:7411")
    }
}
