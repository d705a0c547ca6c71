import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// `SimulatorAPI` on the network: HTTP/1.1 with keep-alive, over plain TCP or TLS, on a loopback
/// address. Port 0 picks a free port (`port` tells which).
package final class SimulatorServer: Sendable {
    package let api: SimulatorAPI
    /// The listening port.
    package let port: Int
    /// `http://127.0.0.1:PORT` or `https://…`.
    package let baseURL: String
    private let channel: any Channel

    private init(api: SimulatorAPI, channel: any Channel, port: Int, baseURL: String) {
        self.api = api
        self.channel = channel
        self.port = port
        self.baseURL = baseURL
    }

    /// Starts listening.
    package static func start(
        api: SimulatorAPI, host: String = "127.0.0.1", port: Int = 0, tls: TLSIdentity? = nil
    ) async throws -> SimulatorServer {
        let context = try tls.map { try NIOSSLContext(configuration: $0.serverConfiguration()) }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(SimulatorHandler(api: api))
                }
            }
        let channel = try await bootstrap.bind(host: host, port: port).get()
        let bound = channel.localAddress?.port ?? port
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let url = "\(tls == nil ? "http" : "https")://\(shownHost):\(bound)"
        api.baseURL = url
        return SimulatorServer(api: api, channel: channel, port: bound, baseURL: url)
    }

    /// Stops listening (open connections finish their current response).
    package func stop() async {
        try? await channel.close()
    }

    /// Waits until the server stops.
    package func wait() async {
        try? await channel.closeFuture.get()
    }
}

/// Collects one request, asks the API, and writes the answer (delayed, or cut off, when a fault
/// says so).
final class SimulatorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let maximumBody = 1 << 20

    let api: SimulatorAPI
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(api: SimulatorAPI) { self.api = api }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
        case .body(var buffer):
            if body.count < Self.maximumBody { body += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        case .end:
            guard let head else { return }
            self.head = nil
            let request = SimulatorRequest(
                method: head.method.rawValue, target: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                body: body)
            api.track(head.uri, began: true)
            let response = api.respond(request)
            let target = head.uri
            let keepAlive = head.isKeepAlive
            let delay = api.configuration.faults.delayMilliseconds
            if delay > 0 {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(delay))) {
                    let (handler, context) = bound.value
                    handler.write(response, keepAlive: keepAlive, context: context)
                    handler.api.track(target, began: false)
                }
            } else {
                write(response, keepAlive: keepAlive, context: context)
                api.track(target, began: false)
            }
        }
    }

    func write(_ response: SimulatorResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Server", value: "vb365-sim")
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let sent = response.cut ? response.body.prefix(response.body.count / 2) : response.body[...]
        if !sent.isEmpty {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: sent)))), promise: nil)
        }
        if response.cut {
            // The declared length is never reached: the connection just ends.
            context.flush()
            context.close(promise: nil)
            return
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
