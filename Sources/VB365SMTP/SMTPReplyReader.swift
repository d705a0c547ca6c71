import NIOCore

/// The channel handler that turns the server's bytes into replies (multi-line replies joined)
/// and hands each to the next waiting request, in order. Sendable because it is only ever used
/// on its channel's event loop (every call below is made there).
final class SMTPReplyReader: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    /// Why no reply came.
    enum Problem: Error {
        case closed
        case timedOut
        case malformed(String)
        case failed(any Error)
    }

    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var replies: [SMTPReply] = []
    private var waiting: [EventLoopPromise<SMTPReply>] = []
    private var problem: Problem?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let end = pending.firstIndex(of: 0x0A) {
            var line = Array(pending[..<end])
            pending.removeSubrange(...end)
            if line.last == 0x0D { line.removeLast() }
            guard line.count >= 3, let code = Int(String(decoding: line.prefix(3), as: UTF8.self)),
                (200..<600).contains(code)
            else {
                fail(.malformed(String(decoding: line.prefix(100), as: UTF8.self)))
                context.close(promise: nil)
                return
            }
            let text = line.count > 4 ? String(decoding: line.dropFirst(4), as: UTF8.self) : ""
            lines.append(text)
            if line.count > 3 && line[3] == UInt8(ascii: "-") { continue }
            deliver(SMTPReply(code: code, lines: lines))
            lines = []
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.failed(error))
        context.close(promise: nil)
    }

    /// The next reply; fails with `timedOut` (and closes the channel) after `timeout`.
    func next(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<SMTPReply> {
        let loop = channel.eventLoop
        if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
        if let problem { return loop.makeFailedFuture(problem) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        let timer = loop.scheduleTask(in: timeout) { [weak self] in
            self?.fail(.timedOut)
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }

    /// Forgets what was read but not asked for (after STARTTLS, nothing sent in clear may count).
    func discardUnread() -> Bool {
        let had = !pending.isEmpty || !replies.isEmpty || !lines.isEmpty
        pending = []
        replies = []
        lines = []
        return had
    }

    private func deliver(_ reply: SMTPReply) {
        if waiting.isEmpty {
            replies.append(reply)
        } else {
            waiting.removeFirst().succeed(reply)
        }
    }

    private func fail(_ problem: Problem) {
        if self.problem == nil { self.problem = problem }
        let all = waiting
        waiting = []
        for promise in all { promise.fail(problem) }
    }
}
