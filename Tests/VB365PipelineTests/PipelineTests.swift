import Foundation
import Testing
import VB365Delivery
import VB365Model
import VB365Pipeline
import VB365Rendering
import VB365Support
import VB365TestSupport

/// The façade without a process: each job of a command, and each failure with its exit status.
@Suite("The pipeline façade")
struct PipelineTests {
    static let now = Timestamp(year: 2026, month: 11, day: 23, hour: 6)

    static func pipeline(_ inputs: [String] = [Fixtures.samples], templates: String? = nil) -> Pipeline {
        PipelineFixture.pipeline(inputs, now: now, templates: templates)
    }

    @Test("the summary of the samples is the golden text, and the samples reach --fail-on failed")
    func summary() async throws {
        let (text, verdict) = try await Self.pipeline().summary(format: .text, failOn: .failed)
        let golden = Fixtures.packageRoot.appendingPathComponent(
            "Tests/VB365SummaryOutputTests/Golden/samples-summary.txt")
        #expect(text == (try String(contentsOf: golden, encoding: .utf8)))
        #expect(verdict == .reached)
        let (_, none) = try await Self.pipeline().summary(format: .json, failOn: nil)
        #expect(none == .clear)
    }

    @Test("render writes a validated report and returns its index")
    func render() async throws {
        let out = try Fixtures.temporaryFolder().appendingPathComponent("report").path
        let index = try await Self.pipeline().render(to: out, formats: [.markdown, .xhtml])
        #expect(index == out + "/index.md")
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
    }

    @Test("an unreadable input is a data error (65) that names the file, and nothing is written")
    func unreadable() async throws {
        let folder = try Fixtures.temporaryFolder()
        try Fixtures.write(["broken.json": "{\"id\": "], to: folder)
        let out = folder.appendingPathComponent("report").path
        do {
            _ = try await Self.pipeline([folder.path]).render(to: out, formats: [.xhtml])
            Issue.record("no error")
        } catch let error as Failure {
            #expect(error.exitStatus == .dataError)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a template folder with an unknown template is a configuration error (78)")
    func badTemplate() async throws {
        let folder = try Fixtures.temporaryFolder()
        try Fixtures.write(["nosuch.mustache": "x"], to: folder)
        await #expect {
            _ = try await Self.pipeline(templates: folder.path).render(
                to: folder.appendingPathComponent("out").path, formats: [.xhtml])
        } throws: { error in
            (error as? ReportableError)?.exitStatus == .configuration
        }
    }

    @Test("a ticket for a session nobody read is a usage error (64); an ambiguous prefix too")
    func ticketNotFound() async throws {
        let folder = try Fixtures.temporaryFolder().path
        await #expect {
            _ = try await Self.pipeline().ticket(.session("ffffffff-0000"), folder: folder, redact: false)
        } throws: { error in
            (error as? Failure)?.exitStatus == .usage
                && (error as? Failure)?.description.contains("no session ffffffff-0000") == true
        }
    }

    @Test("a ticket is written as two files, into folders made for it")
    func ticket() async throws {
        try await withTemporaryFolder { root in
            // The folder is created, with the folders above it.
            let folder = root.appendingPathComponent("tickets/2026").path
            let input = try await Self.pipeline().read()
            let summary = try Self.pipeline().summarize(input.inventory, history: .all)
            let failed = try #require(summary.sessions.last { $0.status == .failed })
            let paths = try await Self.pipeline().ticket(.session(failed.id.description), folder: folder, redact: true)
            #expect(paths.count == 2)
            #expect(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        }
    }

    @Test("an e-mail below a file cannot be created (73), below missing folders it is; standard output")
    func email() async throws {
        try await withTemporaryFolder { root in
            try Fixtures.write(["file": "x"], to: root)
            let options = EmailOptions(from: MailAddress("a@example.com")!, to: [MailAddress("b@example.com")!])
            await #expect {
                _ = try await Self.pipeline().email(
                    Pipeline.EmailRequest(options: options, destination: .file(root.path + "/file/dir/r.eml")))
            } throws: { error in
                (error as? Failure)?.exitStatus == .cannotCreate
            }
            let created = root.path + "/new/dir/r.eml"
            let written = try await Self.pipeline().email(
                Pipeline.EmailRequest(options: options, destination: .file(created)))
            #expect(written.output == nil && written.messages == 1)
            #expect(FileManager.default.contents(atPath: created)?.isEmpty == false)
            let printed = try await Self.pipeline().email(
                Pipeline.EmailRequest(options: options, destination: .standardOutput))
            #expect(String(decoding: try #require(printed.output), as: UTF8.self).contains("Subject: "))
        }
    }

    @Test("an empty window is a usage error (64)")
    func emptyWindow() async throws {
        let pipeline = PipelineFixture.pipeline(
            [Fixtures.samples], now: Self.now, since: .absolute(Self.now),
            until: .absolute(Self.now.adding(seconds: -Seconds.hour)))
        let input = try await pipeline.read()
        #expect(throws: Failure.self) { try pipeline.summarize(input.inventory) }
    }

    @Test("a password from an unset environment variable is refused before any request (64)")
    func noPassword() async throws {
        let connection = ServerConnection(
            address: "https://127.0.0.1:1", login: .password(username: "u", password: .environment("VB365_TEST_UNSET")))
        let archive = try Fixtures.temporaryFolder().path
        await #expect {
            _ = try await Self.pipeline().fetch(connection, history: .absolute(Self.now), into: archive)
        } throws: { error in
            (error as? Failure)?.exitStatus == .usage
        }
    }
}
