import Foundation
import Testing
import VB365SMTP
import VB365Support
import VB365TestSupport

@testable import VB365Configuration

/// `email.transport: smtp` and the `smtp-` keys of the `email` section.
@Suite("The configuration's SMTP transport")
struct SMTPConfigurationTests {
    @Test("transport: smtp builds the relay's settings; the password is read when the message is sent")
    func smtpTransport() throws {
        let path = try configFile(
            minimal + """

                email:
                  to: a@example.com
                  transport: smtp
                  smtp-url: smtp://smtp.office365.com
                  smtp-user: reports@example.com
                  smtp-password-env: RELAY_PASSWORD
                  smtp-ca-file: relay-ca.pem
                """)
        let c = try ConfigurationLoader.load(path: path, environment: [:], settings: [])
        guard case .smtp(let smtp)? = c.email?.transport else {
            Issue.record("not the SMTP transport: \(String(describing: c.email?.transport))")
            return
        }
        #expect(smtp.address == "smtp://smtp.office365.com:587")
        #expect(smtp.user == "reports@example.com")
        #expect(smtp.passwordVariable == "RELAY_PASSWORD" && smtp.password == nil)
        #expect(
            smtp.caFile
                == URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("relay-ca.pem").path)
        #expect(smtp.startTLS == .required)
        // An unset password variable is a problem of this machine (78), found before the run.
        let problems = c.localProblems(environment: [:], outputs: false)
        #expect(problems.contains { $0.status == .configuration && $0.diagnostic.message.contains("RELAY_PASSWORD") })
        #expect(
            !c.localProblems(environment: ["RELAY_PASSWORD": "x"], outputs: false).contains {
                $0.diagnostic.message.contains("RELAY_PASSWORD")
            })
    }

    @Test("smtp-starttls: optional for a relay not on this machine, smtp keys without transport smtp, no smtp-url")
    func refusals() throws {
        let remote = try configFile(
            minimal
                + "\nemail:\n  to: a@example.com\n  transport: smtp\n  smtp-url: smtp://relay.example.com\n  smtp-starttls: optional\n",
            name: "remote")
        #expect(loadProblems(remote).contains { $0.message.contains("only for a relay on this machine") })
        let local = try configFile(
            minimal
                + "\nemail:\n  to: a@example.com\n  transport: smtp\n  smtp-url: smtp://127.0.0.1:25\n  smtp-starttls: optional\n",
            name: "local")
        #expect(loadProblems(local).isEmpty)
        let ignored = try configFile(
            minimal + "\nemail:\n  to: a@example.com\n  smtp-url: smtp://relay.example.com\n", name: "ignored")
        #expect(
            loadProblems(ignored).contains {
                $0.message.contains("'email.smtp-url' is set, but the transport is not smtp")
            })
        let missing = try configFile(minimal + "\nemail:\n  to: a@example.com\n  transport: smtp\n", name: "missing")
        #expect(loadProblems(missing).contains { $0.message.contains("no 'smtp-url'") })
        let bad = try configFile(
            minimal + "\nemail:\n  to: a@example.com\n  transport: smtp\n  smtp-url: http://relay\n", name: "bad")
        #expect(loadProblems(bad).contains { $0.message.contains("not smtp:// or smtps://") })
    }

    @Test("an smtp-password-file others may read is refused (78)")
    func passwordFileMode() throws {
        let folder = try Fixtures.temporaryFolder("smtp-password")
        let secret = folder.appendingPathComponent("smtp-password").path
        try "pw\n".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o644)
        let path = try configFile(
            minimal
                + "\nemail:\n  to: a@example.com\n  transport: smtp\n  smtp-url: smtps://relay.example.com\n  smtp-user: me\n  smtp-password-file: \(secret)\n",
            name: "mode")
        let c = try ConfigurationLoader.load(path: path, environment: [:], settings: [])
        let problems = c.localProblems(environment: [:], outputs: false)
        #expect(
            problems.contains { $0.status == .configuration && $0.diagnostic.message.contains("smtp-password-file") })
        chmod(secret, 0o600)
        #expect(
            !c.localProblems(environment: [:], outputs: false).contains {
                $0.diagnostic.message.contains("smtp-password-file")
            })
    }
}
