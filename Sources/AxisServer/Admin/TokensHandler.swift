import AxisCodec
import Logging

/// TOKENS (0x0501, admin role): the token file over the protocol, for an admin who is not on
/// the server's machine. The same file `axserver token` writes; the Authenticator sees the
/// change at the next connection.
struct TokensHandler: Sendable {
    let file: TokenFile

    func tokens(_ request: TokensRequest, context: RequestContext) async throws {
        switch self.perform(request) {
        case .success(let reply):
            switch request.action {
            case .add: context.audit("token add", ["name": "\(request.name)", "role": "\(request.role)"])
            case .revoke: context.audit("token revoke", ["name": "\(request.name)"])
            case .list: break
            }
            try await context.reply(reply)
        case .failure(let error):
            try await context.fail(error)
        }
    }

    private func perform(_ request: TokensRequest) -> Result<TokensReply, WireError> {
        do throws(TokenFileError) {
            switch request.action {
            case .add:
                guard let role = AccessRole(rawValue: request.role) else {
                    return .failure(WireError(.invalidArgument, "role must be read, write or admin (got '\(request.role)')", field: "role"))
                }
                return .success(TokensReply(token: try self.file.add(name: request.name, role: role)))
            case .list:
                let entries = try self.file.load()
                return .success(TokensReply(tokens: entries.map { TokenInfo(name: $0.name, role: $0.role.rawValue, created: $0.created) }))
            case .revoke:
                guard try self.file.revoke(name: request.name) else {
                    return .failure(WireError(.notFound, "no token is named '\(request.name)'", field: "name"))
                }
                return .success(TokensReply())
            }
        } catch {
            // A wrong name is the request's fault; a file that cannot be written is the server's.
            return .failure(error.isUsage ? WireError(.invalidArgument, error.description, field: "name") : WireError(.internal, error.description))
        }
    }
}
