import Foundation
import Testing
import VB365Delivery
import VB365Model
import VB365SMTP
import VB365Support
import VB365TestSupport

/// `SMTPSubmitter` against a real SMTP server (aiosmtpd) on 127.0.0.1 that requires STARTTLS
/// and AUTH.
@Suite("SMTP submission", .serialized)
struct SMTPSubmitterTests {
    /// Settings for `server`, trusting its certificate, with fast retries.
    func settings(_ server: SMTPTestServer, scheme: String = "smtp", password: String = SMTPTestServer.password)
        throws -> SMTPSettings
    {
        var settings = try SMTPSettings(url: "\(scheme)://localhost:\(server.port)")
        settings.user = SMTPTestServer.user
        settings.password = password
        settings.caFile = server.certificate
        settings.timeout = .seconds(10)
        settings.retryDelays = [.milliseconds(50)]
        return settings
    }

    /// A report-like message with a display name, a Cc and a Bcc.
    func message() -> MailMessage {
        var message = MailMessage(
            from: MailAddress("VB365 Reports <reports@example.com>")!,
            to: [MailAddress("\"Backup, Team\" <backup@example.com>")!], subject: "VB365: 2 of 3 jobs need attention",
            date: Timestamp(secondsSince1970: 1_795_000_000),
            text: "# Daily report\n\n.a line starting with a dot\nJörg's job failed.\n",
            html: "<html><body><p>Jörg's job failed.</p></body></html>")
        message.cc = [MailAddress("Ops <ops@example.com>")!]
        message.bcc = [MailAddress("archive@example.com")!]
        return message
    }

    func failure(_ body: () async throws -> Void) async -> Failure? {
        do {
            try await body()
            return nil
        } catch let failure as Failure {
            return failure
        } catch {
            Issue.record("not a Failure: \(error)")
            return nil
        }
    }

    @Test("a message and a dot-stuffed one go through one STARTTLS+AUTH connection, byte for byte")
    func submitsThroughStartTLSAndAuth() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let mail = message()
        // Lines the wire must dot-stuff (a lone dot would end DATA), and a bare-LF line end.
        let raw = Array("Subject: dots\r\nFrom: a@example.com\r\n\r\n.\r\n..two\r\n. x\r\nlast\r\n".utf8)
        try await SMTPSubmitter(settings: settings(server)).submit([
            SMTPMessage(sender: mail.from.address, recipients: mail.envelopeRecipients, bytes: mail.render()),
            SMTPMessage(sender: "a@example.com", recipients: ["b@example.com"], bytes: raw),
        ])
        let received = try server.received()
        try #require(received.count == 2)
        #expect(server.connections() == 1)
        #expect(received[0].peer_port == received[1].peer_port)
        #expect(received[0].bytes == mail.render(lineEnd: "\r\n"))
        #expect(received[1].bytes == raw)
        #expect(received[0].mail_from == "reports@example.com")
        #expect(received[0].rcpt_tos == ["backup@example.com", "ops@example.com", "archive@example.com"])
        #expect(received[0].tls && received[0].authenticated && received[0].login == SMTPTestServer.user)
        #expect(received[0].mail_options.contains("BODY=8BITMIME") && received[0].mail_options.contains("SMTPUTF8"))
        let headers = String(decoding: received[0].bytes, as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
        #expect(headers.contains("\r\nTo: \"Backup, Team\" <backup@example.com>\r\n"))
        #expect(headers.contains("\r\nCc: Ops <ops@example.com>\r\n"))
        #expect(!String(decoding: received[0].bytes, as: UTF8.self).contains("archive@example.com"))
        #expect(!headers.lowercased().contains("bcc"))
        let body = String(decoding: received[0].bytes, as: UTF8.self)
        #expect(body.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(body.contains("Content-Type: text/html; charset=utf-8"))
        #expect(body.contains("=2Ea line starting with a dot"))
    }

    @Test("smtps:// speaks TLS from the first byte")
    func implicitTLS() async throws {
        let server = try SMTPTestServer(implicitTLS: true)
        defer { server.stop() }
        let mail = message()
        try await SMTPSubmitter(settings: settings(server, scheme: "smtps")).submit([
            SMTPMessage(sender: mail.from.address, recipients: mail.envelopeRecipients, bytes: mail.render())
        ])
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].tls && received[0].authenticated)
        #expect(received[0].bytes == mail.render(lineEnd: "\r\n"))
    }

    @Test("an IP address is checked against the certificate's IP addresses (no SNI)")
    func ipAddress() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        var settings = try settings(server)
        settings.host = "127.0.0.1"
        try await SMTPSubmitter(settings: settings).submit([
            SMTPMessage(sender: "reports@example.com", recipients: ["b@example.com"], bytes: message().render())
        ])
        #expect(try server.received().count == 1)
    }

    @Test("a wrong password ends with 77, quoting the 535 reply and never the password")
    func wrongPassword() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let wrong = "wrong-Pa55word"
        let failure = try #require(
            await failure {
                try await SMTPSubmitter(settings: settings(server, password: wrong)).submit([
                    SMTPMessage(sender: "reports@example.com", recipients: ["b@example.com"], bytes: message().render())
                ])
            })
        #expect(failure.exitStatus == .noPermission)
        #expect(failure.description.contains("535 5.7.8 Authentication credentials invalid"))
        #expect(!failure.description.contains(wrong))
        #expect(!failure.description.contains(Data("\0\(SMTPTestServer.user)\0\(wrong)".utf8).base64EncodedString()))
        #expect(server.connections() == 1)
        #expect(try server.received().isEmpty)
    }

    @Test("a certificate no trusted CA signed is refused (77), and nothing is sent")
    func untrustedCertificate() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        var settings = try settings(server)
        settings.caFile = nil
        let failure = try #require(
            await failure {
                try await SMTPSubmitter(settings: settings).submit([
                    SMTPMessage(sender: "reports@example.com", recipients: ["b@example.com"], bytes: message().render())
                ])
            })
        #expect(failure.exitStatus == .noPermission)
        #expect(failure.description.contains("not trusted"))
        #expect(failure.description.contains("--smtp-ca-cert"))
        #expect(server.connections() == 1)
        #expect(try server.received().isEmpty)
    }

    @Test("a server that closes the connection in DATA is tried again, then ends with 75")
    func closedInData() async throws {
        let server = try SMTPTestServer(mode: "close-data")
        defer { server.stop() }
        let failure = try #require(
            await failure {
                try await SMTPSubmitter(settings: settings(server)).submit([
                    SMTPMessage(sender: "reports@example.com", recipients: ["b@example.com"], bytes: message().render())
                ])
            })
        #expect(failure.exitStatus == .temporaryFailure)
        #expect(failure.description.contains("closed the connection"))
        #expect(failure.description.contains("after 2 attempts"))
        #expect(server.connections() == 2)
        #expect(try server.received().isEmpty)
    }

    @Test("a 452 is tried again on a new connection, which delivers the message once")
    func temporaryFailureThenSuccess() async throws {
        let server = try SMTPTestServer(mode: "tempfail-once")
        defer { server.stop() }
        let mail = message()
        try await SMTPSubmitter(settings: settings(server)).submit([
            SMTPMessage(sender: mail.from.address, recipients: ["backup@example.com"], bytes: mail.render())
        ])
        #expect(server.connections() == 2)
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].bytes == mail.render(lineEnd: "\r\n"))
    }

    @Test("a 550 is final: 67 at once, the reply quoted, no second attempt")
    func permanentFailure() async throws {
        let server = try SMTPTestServer(mode: "reject")
        defer { server.stop() }
        var settings = try settings(server)
        settings.retryDelays = [.seconds(30)]
        let failure = try #require(
            await failure {
                try await SMTPSubmitter(settings: settings).submit([
                    SMTPMessage(
                        sender: "reports@example.com", recipients: ["nobody@example.com"], bytes: message().render())
                ])
            })
        #expect(failure.exitStatus == .noUser)
        #expect(failure.description.contains("550 5.1.1 <nobody@example.com>: Recipient address rejected"))
        #expect(server.connections() == 1)
        #expect(try server.received().isEmpty)
    }

    @Test("a relay that cannot be reached is tried again, then ends with 75")
    func unreachable() async throws {
        let server = try SMTPTestServer()
        var settings = try settings(server)
        server.stop()
        // Its certificate went with it; the connection fails before TLS anyway.
        settings.caFile = nil
        let failure = try #require(
            await failure {
                try await SMTPSubmitter(settings: settings).submit([
                    SMTPMessage(sender: "reports@example.com", recipients: ["b@example.com"], bytes: message().render())
                ])
            })
        #expect(failure.exitStatus == .temporaryFailure)
        #expect(failure.description.contains("cannot connect to smtp://localhost:\(server.port): connection refused"))
        #expect(failure.description.contains("after 2 attempts"))
    }

    @Test("a relay that never answers times out at its greeting (75)")
    func silent() async throws {
        let server = try SMTPTestServer(mode: "silent")
        defer { server.stop() }
        var settings = try settings(server)
        settings.timeout = .milliseconds(300)
        settings.retryDelays = []
        let started = ContinuousClock.now
        let failure = try #require(
            await failure {
                try await SMTPSubmitter(settings: settings).submit([
                    SMTPMessage(sender: "reports@example.com", recipients: ["b@example.com"], bytes: message().render())
                ])
            })
        #expect(failure.exitStatus == .temporaryFailure)
        #expect(failure.description.contains("did not answer its greeting within 0.3 s"))
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a line longer than 998 octets is not sent")
    func overlongLine() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let bytes = Array(("Subject: x\r\n\r\n" + String(repeating: "a", count: 999) + "\r\n").utf8)
        let failure = try #require(
            await failure {
                try await SMTPSubmitter(settings: settings(server)).submit([
                    SMTPMessage(sender: "reports@example.com", recipients: ["b@example.com"], bytes: bytes)
                ])
            })
        #expect(failure.exitStatus == .software)
        #expect(failure.description.contains("998"))
        #expect(try server.received().isEmpty)
    }
}
