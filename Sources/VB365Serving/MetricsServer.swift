import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// `metrics --listen`: the latest exposition over HTTP for a Prometheus scrape. `GET /metrics`
/// (or `/`) answers the text a refresh made last; before the first, 503.
package final class MetricsServer: Sendable {
    /// The latest exposition; nil before the first refresh worked.
    package let text = Mutex<String?>(nil)
    /// The listening port.
    package let port: Int
    private let channel: any Channel

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Starts listening on `host:port` (port 0: a free one).
    package static func start(host: String, port: Int) async throws -> MetricsServer {
        let box = Box()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(box: box))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        let server = MetricsServer(channel: channel, port: channel.localAddress?.port ?? port)
        box.server.withLock { $0 = server }
        return server
    }

    /// Waits until the server stops.
    package func wait() async { try? await channel.closeFuture.get() }

    /// Lets the handlers reach the server made after the bootstrap.
    final class Box: Sendable {
        let server = Mutex<MetricsServer?>(nil)
    }
}

/// Answers each request with the latest exposition.
final class MetricsHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let box: MetricsServer.Box
    var head: HTTPRequestHead?

    init(box: MetricsServer.Box) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
            let text = box.server.withLock { $0 }?.text.withLock { $0 }
            let (status, body): (HTTPResponseStatus, String)
            if head.method != .GET && head.method != .HEAD {
                (status, body) = (.methodNotAllowed, "only GET\n")
            } else if path != "/metrics" && path != "/" {
                (status, body) = (.notFound, "the metrics are at /metrics\n")
            } else if let text {
                (status, body) = (.ok, text)
            } else {
                (status, body) = (.serviceUnavailable, "the first metrics are not made yet\n")
            }
            var headers = HTTPHeaders()
            headers.add(
                name: "Content-Type",
                value: status == .ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8")
            headers.add(name: "Content-Length", value: String(body.utf8.count))
            if !head.isKeepAlive { headers.add(name: "Connection", value: "close") }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                promise: nil)
            if head.method != .HEAD {
                context.write(
                    wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !head.isKeepAlive {
                let channel = context.channel
                done.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
