import AxisCodec
@testable import AxisServer
import AxisTestSupport
import Foundation
import Logging
import Testing

@Suite("Authenticator")
struct AuthenticatorTests {
    @Test("a server that requires tokens never falls open: with the last token revoked it refuses everyone")
    func neverFallsOpen() throws {
        try withTemporaryDirectorySync { folder in
            let file = TokenFile(dataDirectory: folder)
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let token = try file.add(name: "chief", role: .admin)
            let strict = Authenticator(file: file, logger: logger, alwaysRequired: true)
            let lenient = Authenticator(file: file, logger: logger)
            #expect(strict.check(token) == .granted(name: "chief", role: .admin))
            #expect(strict.check("axt_wrong") != .granted(name: "chief", role: .admin))
            #expect(try file.revoke(name: "chief"))
            guard case .refused = strict.check(nil) else {
                Issue.record("revoking the last token opened the server")
                return
            }
            #expect(lenient.check(nil) == .open, "a loopback server that started without tokens is open without them")
        }
    }
}
