import Foundation
import Testing
import VB365SMTP
import VB365Support

/// `SMTPSettings`: the relay's address and what may never go in clear.
@Suite("SMTP settings")
struct SMTPSettingsTests {
    @Test("smtp:// is STARTTLS on 587, smtps:// implicit TLS on 465; other forms are refused (64)")
    func addresses() throws {
        let plain = try SMTPSettings(url: "smtp://smtp.office365.com")
        #expect(plain.security == .startTLS && plain.port == 587 && plain.host == "smtp.office365.com")
        let tls = try SMTPSettings(url: "smtps://mail.example.com")
        #expect(tls.security == .implicitTLS && tls.port == 465)
        #expect(try SMTPSettings(url: "smtp://relay:2525").port == 2525)
        for bad in ["http://relay", "smtp://user:pw@relay", "relay:25", "smtp://relay/path"] {
            #expect(throws: Failure.self) { _ = try SMTPSettings(url: bad) }
        }
        do {
            _ = try SMTPSettings(url: "smtp://user:secret@relay")
        } catch {
            #expect(error.exitStatus == .usage)
            #expect(!error.description.contains("secret"))
        }
    }

    @Test("--smtp-starttls=optional is refused for a relay not on this machine, allowed on loopback")
    func optionalStartTLSOnlyOnLoopback() throws {
        var remote = try SMTPSettings(url: "smtp://smtp.example.com")
        remote.startTLS = .optional
        #expect(remote.problem()?.exitStatus == .usage)
        #expect(remote.problem()?.description.contains("only for a relay on this machine") == true)
        for host in ["localhost", "127.0.0.1", "[::1]"] {
            var local = try SMTPSettings(url: "smtp://\(host):25")
            local.startTLS = .optional
            #expect(local.problem() == nil, "\(host)")
        }
        var smtps = try SMTPSettings(url: "smtps://localhost")
        smtps.startTLS = .optional
        #expect(smtps.problem()?.exitStatus == .usage)
    }

    @Test("a user without a password is refused before connecting")
    func userWithoutPassword() throws {
        var settings = try SMTPSettings(url: "smtp://relay")
        settings.user = "me"
        settings.passwordVariable = "VB365_SMTP_PASSWORD_TEST_UNSET"
        #expect(try settings.resolved().problem()?.exitStatus == .usage)
    }
}
