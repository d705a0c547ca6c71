import Foundation
import Testing
import VB365TestSupport

/// `email --smtp` against a real SMTP server (aiosmtpd on 127.0.0.1, STARTTLS and AUTH required).
@Suite("vb365-report email --smtp, end to end")
struct EmailSMTPTests {
    static let now = "--now=2026-11-23T06:00:00Z"

    func base(_ server: SMTPTestServer) -> [String] {
        [
            "email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--cc", "Lead <lead@example.com>",
            "--from", "reports@example.com", "--smtp", "smtp://localhost:\(server.port)", "--smtp-user",
            SMTPTestServer.user,
        ]
    }

    @Test("the password from VB365_SMTP_PASSWORD or a 0600 file; the bytes are --out's; Bcc in the envelope only")
    func sends() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        try withTemporaryFolder { folder in
            let sent = try Run(
                base(server) + ["--bcc", "audit@example.com", "--smtp-ca-cert", server.certificate],
                environment: ["VB365_SMTP_PASSWORD": SMTPTestServer.password])
            #expect(sent.status == 0, "\(sent.stderr)")
            #expect(
                sent.stderr.contains(
                    "sent to ops@example.com, lead@example.com, audit@example.com through smtp://localhost:\(server.port)"
                ))
            let eml = folder.appendingPathComponent("report.eml").path
            let written = try Run([
                "email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--cc", "Lead <lead@example.com>",
                "--from", "reports@example.com", "--out", eml,
            ])
            #expect(written.status == 0, "\(written.stderr)")
            var received = try server.received()
            try #require(received.count == 1)
            #expect(received[0].bytes == Array(try Data(contentsOf: URL(fileURLWithPath: eml))))
            #expect(received[0].rcpt_tos == ["ops@example.com", "lead@example.com", "audit@example.com"])

            let passwordFile = folder.appendingPathComponent("smtp-password").path
            try (SMTPTestServer.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
            chmod(passwordFile, 0o600)
            let fromFile = try Run(
                base(server) + ["--smtp-password-file", passwordFile, "--smtp-ca-cert", server.certificate],
                environment: ["VB365_SMTP_PASSWORD": ""])
            #expect(fromFile.status == 0, "\(fromFile.stderr)")
            received = try server.received()
            #expect(received.count == 2)
            chmod(passwordFile, 0o644)
            let readable = try Run(
                base(server) + ["--smtp-password-file", passwordFile, "--smtp-ca-cert", server.certificate])
            #expect(readable.status == 78)
            #expect(readable.stderr.contains("can be read by every user"))
            #expect(!readable.stderr.contains(SMTPTestServer.password))
        }
    }

    @Test(
        "a wrong password (77, the 535 quoted, the password not), an untrusted certificate (77), clear text refused (64)"
    )
    func refusals() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let wrong = try Run(
            base(server) + ["--smtp-ca-cert", server.certificate],
            environment: ["VB365_SMTP_PASSWORD": "Wr0ng-secret"])
        #expect(wrong.status == 77)
        #expect(wrong.stderr.contains("535 5.7.8"))
        #expect(!wrong.stderr.contains("Wr0ng-secret"))
        let untrusted = try Run(base(server), environment: ["VB365_SMTP_PASSWORD": SMTPTestServer.password])
        #expect(untrusted.status == 77)
        #expect(untrusted.stderr.contains("not trusted"))
        #expect(try server.received().isEmpty)

        let remote = try Run([
            "email", Fixtures.samples, Self.now, "--to", "ops@example.com", "--smtp", "smtp://relay.example.com",
            "--smtp-starttls", "optional",
        ])
        #expect(remote.status == 64)
        #expect(remote.stderr.contains("only for a relay on this machine"))
        let noPassword = try Run(
            base(server) + ["--smtp-ca-cert", server.certificate], environment: ["VB365_SMTP_PASSWORD": ""])
        #expect(noPassword.status == 64)
        let bccWithoutSMTP = try Run(["email", Fixtures.samples, "--to", "a@example.com", "--bcc", "b@example.com"])
        #expect(bccWithoutSMTP.status == 64)
        #expect(bccWithoutSMTP.stderr.contains("--bcc needs --smtp"))
        let both = try Run(base(server) + ["--sendmail"])
        #expect(both.status == 64)
        #expect(server.connections() == 2)
    }
}
