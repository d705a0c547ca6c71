import Foundation
import Testing
import VB365Delivery
import VB365Pipeline
import VB365SMTP
import VB365Support
import VB365TestSupport

/// `email` to an SMTP relay: a real server (aiosmtpd, STARTTLS and AUTH) on 127.0.0.1 receives
/// the very bytes `--out` writes.
@Suite("email through SMTP")
struct SMTPDestinationTests {
    func submitter(_ server: SMTPTestServer) throws -> SMTPSubmitter {
        var settings = try SMTPSettings(url: "smtp://localhost:\(server.port)")
        settings.user = SMTPTestServer.user
        settings.password = SMTPTestServer.password
        settings.caFile = server.certificate
        settings.retryDelays = []
        return SMTPSubmitter(settings: settings)
    }

    @Test("with split, one message per tenant through one connection, each byte for byte the tenant's .eml")
    func splitThroughOneConnection() async throws {
        let root = try Fixtures.temporaryFolder()
        var estate = Estate()
        let archive = root.appendingPathComponent("archive")
        try estate.write(to: archive)
        let pipeline = TenantIsolationTests.pipeline([archive.path])
        let options = EmailOptions(from: MailAddress("r@msp.test")!, to: [MailAddress("msp@msp.test")!])
        let folder = root.appendingPathComponent("mail").path
        _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .file(folder)))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".eml") }
        let written = try Set(files.map { Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) })

        let server = try SMTPTestServer()
        defer { server.stop() }
        _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .smtp(submitter(server))))
        let received = try server.received()
        #expect(files.count > 1)
        #expect(received.count == files.count)
        #expect(server.connections() == 1)
        #expect(Set(received.map(\.bytes)) == written)
        #expect(received.allSatisfy { $0.mail_from == "r@msp.test" && $0.tls && $0.authenticated })
    }

    @Test("without split, the message with its Cc, and its Bcc in the envelope only")
    func copies() async throws {
        let root = try Fixtures.temporaryFolder()
        var estate = Estate()
        let archive = root.appendingPathComponent("archive")
        try estate.write(to: archive)
        let pipeline = TenantIsolationTests.pipeline([archive.path], split: false)
        var options = EmailOptions(from: MailAddress("r@msp.test")!, to: [MailAddress("Ops Team <ops@msp.test>")!])
        options.cc = [MailAddress("lead@msp.test")!]
        options.bcc = [MailAddress("audit@msp.test")!]
        let file = root.appendingPathComponent("report.eml").path
        _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .file(file)))
        let server = try SMTPTestServer()
        defer { server.stop() }
        _ = try await pipeline.email(Pipeline.EmailRequest(options: options, destination: .smtp(submitter(server))))
        let received = try server.received()
        try #require(received.count == 1)
        #expect(received[0].bytes == Array(try Data(contentsOf: URL(fileURLWithPath: file))))
        #expect(received[0].rcpt_tos == ["ops@msp.test", "lead@msp.test", "audit@msp.test"])
        let text = String(decoding: received[0].bytes, as: UTF8.self)
        #expect(text.contains("\r\nCc: lead@msp.test\r\n"))
        #expect(!text.contains("audit@msp.test"))
    }
}
