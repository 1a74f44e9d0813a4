import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// On the listening channel: an accept that fails because the process or the system is out
/// of descriptors (EMFILE, ENFILE) is logged once per episode, at error, with what to do;
/// NIO's AcceptBackoffHandler (installed by the bootstrap) waits a second before accepting
/// again. The episode ends at the next accepted connection.
final class AcceptFailureLogger: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    private let logger: Logger
    private var failing = false

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if self.failing {
            self.failing = false
            self.logger.notice("accepting connections again")
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let code = (error as? IOError)?.errnoCode, code == EMFILE || code == ENFILE {
            if !self.failing {
                self.failing = true
                self.logger.error(
                    "cannot accept connections: out of file descriptors (\(code == EMFILE ? "the process's limit" : "the system's")); backing off and retrying every second; raise 'ulimit -n' or lower --max-connections")
            }
        }
        context.fireErrorCaught(error)
    }
}
