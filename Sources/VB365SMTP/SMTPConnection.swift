import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import VB365Support

/// One SMTP session with the relay (RFC 5321): greeting, EHLO, STARTTLS, AUTH, then
/// transactions. The only place with channel code for SMTP; every step waits at most
/// `settings.timeout`.
struct SMTPConnection {
    let settings: SMTPSettings
    let channel: any Channel
    let reader: SMTPReplyReader
    /// What the server offered in its last EHLO reply.
    private(set) var extensions: [String: String] = [:]

    /// Connects (with TLS from the start for `smtps://`) and reads the greeting.
    static func open(_ settings: SMTPSettings, tls: NIOSSLContext) async throws -> SMTPConnection {
        let reader = SMTPReplyReader()
        let implicit = settings.security == .implicitTLS
        let name = Self.serverName(settings.host)
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(settings.timeout.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicit {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: name))
                    }
                    try channel.pipeline.syncOperations.addHandler(reader)
                }
            }
        let host = settings.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: settings.port).get()
        } catch {
            throw SMTPAttemptError(
                Failure(
                    .temporaryFailure, "cannot connect to \(settings.address): \(Self.connectProblem(error))",
                    advice: "check the host name and port, and that a firewall lets this machine reach it"),
                transient: true)
        }
        let connection = SMTPConnection(settings: settings, channel: channel, reader: reader)
        do {
            let greeting = try await connection.read(step: "its greeting")
            try connection.expect(greeting, 220, step: "its greeting")
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    /// EHLO; for `smtp://`, STARTTLS and EHLO again; then AUTH when a user is set.
    mutating func hello(tls: NIOSSLContext) async throws {
        try await ehlo()
        if settings.security == .startTLS {
            if extensions["STARTTLS"] != nil {
                let reply = try await command("STARTTLS", step: "STARTTLS")
                try expect(reply, 220, step: "STARTTLS")
                let channel = self.channel
                let reader = self.reader
                let name = Self.serverName(settings.host)
                let injected = try await channel.eventLoop.submit {
                    // Anything the server sent before the handshake (RFC 3207 §6) is dropped.
                    let injected = reader.discardUnread()
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: name), position: .first)
                    return injected
                }.get()
                if injected {
                    throw SMTPAttemptError(
                        Failure(
                            .protocolError, "\(settings.address) sent data after its STARTTLS reply, before TLS",
                            advice: "the connection may be tampered with; nothing was sent"), transient: false)
                }
                try await ehlo()
            } else if settings.startTLS == .required {
                throw SMTPAttemptError(
                    Failure(
                        .unavailable, "\(settings.address) does not offer STARTTLS, so nothing was sent in clear",
                        advice:
                            "use the relay's submission port (smtp://host:587) or smtps://host:465; --smtp-starttls=optional is only for a relay on this machine"
                    ), transient: false)
            }
        }
        guard let user = settings.user, let password = settings.password else { return }
        let mechanisms = Set((extensions["AUTH"] ?? "").split(separator: " ").map(String.init))
        if mechanisms.contains("PLAIN") {
            let token = Data(("\0" + user + "\0" + password).utf8).base64EncodedString()
            let reply = try await command("AUTH PLAIN " + token, step: "AUTH PLAIN")
            try expect(reply, 235, step: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            var reply = try await command("AUTH LOGIN", step: "AUTH LOGIN")
            try expect(reply, 334, step: "AUTH LOGIN")
            reply = try await command(Data(user.utf8).base64EncodedString(), step: "AUTH LOGIN")
            try expect(reply, 334, step: "AUTH LOGIN")
            reply = try await command(Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN")
            try expect(reply, 235, step: "AUTH LOGIN")
        } else {
            throw SMTPAttemptError(
                Failure(
                    .unavailable,
                    "\(settings.address) offers no login this client speaks (AUTH \(mechanisms.isEmpty ? "none" : mechanisms.sorted().joined(separator: " ")); vb365-report speaks PLAIN and LOGIN)",
                    advice:
                        "enable AUTH PLAIN or LOGIN on the relay (XOAUTH2 is not supported), or submit without --smtp-user if the relay accepts this host"
                ), transient: false)
        }
    }

    /// One transaction: MAIL FROM, RCPT TO for every recipient, DATA.
    func submit(_ message: SMTPMessage) async throws {
        guard let payload = message.dataPayload() else {
            throw SMTPAttemptError(
                Failure(.software, "a line of the message is longer than 998 octets (RFC 5321), so it was not sent"),
                transient: false)
        }
        var parameters = ""
        if message.hasEightBit {
            guard extensions["8BITMIME"] != nil else {
                throw SMTPAttemptError(
                    Failure(.unavailable, "\(settings.address) does not accept 8-bit messages (no 8BITMIME)"),
                    transient: false)
            }
        }
        if extensions["8BITMIME"] != nil { parameters += " BODY=8BITMIME" }
        if extensions["SMTPUTF8"] != nil {
            parameters += " SMTPUTF8"
        } else if message.needsUTF8 {
            throw SMTPAttemptError(
                Failure(.unavailable, "\(settings.address) does not accept UTF-8 addresses (no SMTPUTF8)"),
                transient: false)
        }
        var reply = try await command("MAIL FROM:<\(message.sender)>" + parameters, step: "MAIL FROM")
        try expect(reply, 250, step: "MAIL FROM <\(message.sender)>")
        for recipient in message.recipients {
            reply = try await command("RCPT TO:<\(recipient)>", step: "RCPT TO")
            if reply.code != 251 { try expect(reply, 250, step: "RCPT TO <\(recipient)>") }
        }
        reply = try await command("DATA", step: "DATA")
        try expect(reply, 354, step: "DATA")
        reply = try await send(payload, step: "the message's end (DATA)")
        try expect(reply, 250, step: "the message (DATA)")
    }

    /// QUIT, then closes; a failure to say goodbye does not matter.
    func quit() async {
        _ = try? await command("QUIT", step: "QUIT")
        await close()
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close().get()
    }

    // MARK: - Steps

    private mutating func ehlo() async throws {
        let reply = try await command("EHLO " + settings.clientName, step: "EHLO")
        try expect(reply, 250, step: "EHLO")
        extensions = reply.extensions
    }

    /// Sends one command line and reads its reply.
    private func command(_ line: String, step: String) async throws -> SMTPReply {
        try await send(Array((line + "\r\n").utf8), step: step)
    }

    private func send(_ bytes: [UInt8], step: String) async throws -> SMTPReply {
        let channel = self.channel
        let reader = self.reader
        let timeout = settings.timeout.timeAmount
        let buffer = channel.allocator.buffer(bytes: bytes)
        do {
            return try await channel.eventLoop.flatSubmit {
                let reply = reader.next(on: channel, timeout: timeout)
                channel.writeAndFlush(buffer, promise: nil)
                return reply
            }.get()
        } catch {
            throw problem(error, step: step)
        }
    }

    private func read(step: String) async throws -> SMTPReply {
        let channel = self.channel
        let reader = self.reader
        let timeout = settings.timeout.timeAmount
        do {
            return try await channel.eventLoop.flatSubmit { reader.next(on: channel, timeout: timeout) }.get()
        } catch {
            throw problem(error, step: step)
        }
    }

    /// Throws unless `reply` has `code`: a 4xx is worth another attempt (75 in the end), a 5xx is
    /// final: 77 at AUTH, 67 at RCPT TO, else 69.
    private func expect(_ reply: SMTPReply, _ code: Int, step: String) throws {
        guard reply.code != code else { return }
        let status: ExitStatus
        var advice = "the message was not sent"
        if reply.isTransient {
            status = .temporaryFailure
        } else if step.hasPrefix("AUTH") {
            status = .noPermission
            advice = "check --smtp-user and the password (VB365_SMTP_PASSWORD or --smtp-password-file)"
        } else if step.hasPrefix("RCPT") {
            status = .noUser
            advice = "check the address; the message was not sent to anyone"
        } else if step.hasPrefix("MAIL") {
            status = .unavailable
            advice = "check --from: the relay may only accept the login's own address; the message was not sent"
        } else {
            status = .unavailable
        }
        throw SMTPAttemptError(
            Failure(status, "\(settings.address) answered \(step) with \"\(reply)\"", advice: advice),
            transient: reply.isTransient)
    }

    /// The error of a step that got no reply.
    private func problem(_ error: any Error, step: String) -> any Error {
        let seconds = SMTPSubmitter.seconds(settings.timeout)
        let address = settings.address
        switch error as? SMTPReplyReader.Problem {
        case .closed:
            return SMTPAttemptError(
                Failure(.temporaryFailure, "\(address) closed the connection at \(step)"), transient: true)
        case .timedOut:
            return SMTPAttemptError(
                Failure(.temporaryFailure, "\(address) did not answer \(step) within \(seconds) s"), transient: true)
        case .malformed(let line):
            return SMTPAttemptError(
                Failure(.protocolError, "\(address) sent something that is not an SMTP reply at \(step): \"\(line)\""),
                transient: false)
        case .failed(let cause):
            return Self.tlsProblem(cause, address: address, step: step)
        case nil:
            return Self.tlsProblem(error, address: address, step: step)
        }
    }

    /// A TLS failure (an untrusted certificate above all) is final (77); anything else on the
    /// connection is worth another attempt.
    static func tlsProblem(_ error: any Error, address: String, step: String) -> SMTPAttemptError {
        let detail = describe(error)
        if error is NIOSSLError || error is BoringSSLError || detail.contains("CERTIFICATE_VERIFY_FAILED") {
            let untrusted = detail.contains("CERTIFICATE_VERIFY_FAILED") || detail.contains("certificate")
            return SMTPAttemptError(
                Failure(
                    .noPermission,
                    untrusted
                        ? "\(address) presented a certificate that is not trusted (\(detail)), so nothing was sent"
                        : "the TLS handshake with \(address) failed at \(step): \(detail)",
                    advice:
                        "give the relay's CA with --smtp-ca-cert FILE.pem (smtp-ca-file in the configuration), and the host name the certificate is for"
                ), transient: false)
        }
        return SMTPAttemptError(
            Failure(.temporaryFailure, "the connection to \(address) failed at \(step): \(detail)"), transient: true)
    }

    /// The SNI name: none for an IP address, which NIOSSL then checks against the certificate.
    static func serverName(_ host: String) -> String? {
        let h = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h.contains(":") { return nil }
        if h.split(separator: ".").count == 4, h.split(separator: ".").allSatisfy({ UInt8($0) != nil }) { return nil }
        return h
    }

    /// Why a connection could not be made, in a few words when NIO's text says which.
    static func connectProblem(_ error: any Error) -> String {
        let text = describe(error)
        if text.contains("Connection refused") { return "connection refused" }
        if text.contains("connectTimeout") || text.contains("timed out") { return "no answer (timed out)" }
        if text.contains("dnsAError") || text.contains("dnsAAAAError") || text.contains("resolve") {
            return "the host name cannot be resolved"
        }
        return text
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }
}

extension Duration {
    /// As NIO's time amount.
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}
