import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365TestSupport

@testable import VB365Rendering

/// A backup copy job is shown as a copy of its backup job, and its sessions are marked `Copy` in
/// every session table, in both formats.
@Suite("copy jobs in the reports")
struct CopyJobTests {
    /// Runs `body` with the report input of `Fixtures.copyJobFiles`, read from a temporary folder
    /// (removed afterwards).
    static func withInput<T>(zone: String = "UTC", _ body: (ReportInput) async throws -> T) async throws -> T {
        try await withTemporaryFolder { folder in
            try Fixtures.write(Fixtures.copyJobFiles, to: folder)
            return try await body(await Fixtures.reportInput([folder.path], zone: zone))
        }
    }

    static func jobIndex(_ id: String, in input: ReportInput) throws -> Int {
        try #require(input.summary.jobs.firstIndex { $0.id == EntityID(id) })
    }

    @Test("the digest's jobs table and the copy job's page name the backup job, linked to its page")
    func copyOf() async throws {
        try await Self.withInput { input in
            let copy = try Self.jobIndex(Fixtures.copyJobID, in: input)
            let backup = try Self.jobIndex(Fixtures.backupJobID, in: input)
            let templates = try TemplateSet()
            for format in [OutputFormat.xhtml, .markdown] {
                let builder = ViewBuilder(input: input, format: format)
                let backupPage = builder.jobFiles[backup] + "." + format.fileExtension
                let digest = builder.digest()
                #expect(digest.jobs[copy].copyOf?.name == "Mailboxes")
                #expect(digest.jobs[copy].copyOf?.link == backupPage)
                #expect(digest.jobs[backup].copyOf == nil)
                #expect(builder.jobPage(copy).copyOf?.link == "../" + backupPage)
                #expect(builder.jobPage(backup).copyOf == nil)
                let index = try templates.render(digest, format: format)
                let page = try templates.render(builder.jobPage(copy), format: format)
                if format == .xhtml {
                    #expect(index.contains("copy of <a href=\"\(backupPage)\">Mailboxes</a>"))
                    #expect(page.contains("copy of <a href=\"../\(backupPage)\">Mailboxes</a>"))
                } else {
                    #expect(index.contains("(copy of [Mailboxes](\(backupPage)))"))
                    #expect(page.contains("copy of [Mailboxes](../\(backupPage))"))
                }
                #expect(!(try templates.render(builder.jobPage(backup), format: format)).contains("copy of"))
            }
        }
    }

    @Test("a copy job whose backup job the report does not hold names it by id, unlinked")
    func backupJobUnknown() async throws {
        try await Self.withInput { whole in
            let copy = try Self.jobIndex(Fixtures.copyJobID, in: whole)
            var input = whole
            input.summary.jobs[copy].backupJobID = EntityID("b-gone")
            var view = ViewBuilder(input: input, format: .xhtml).jobPage(copy).copyOf
            #expect(view?.name == "backup job b-gone")
            #expect(view?.hasLink == false)
            input.summary.jobs[copy].backupJobID = nil
            view = ViewBuilder(input: input, format: .xhtml).jobPage(copy).copyOf
            #expect(view?.name == "a backup job")
        }
    }

    @Test("copy sessions are marked Copy in the attention list, the job and month pages and the ticket")
    func marked() async throws {
        try await Self.withInput { input in
            let copy = try Self.jobIndex(Fixtures.copyJobID, in: input)
            let backup = try Self.jobIndex(Fixtures.backupJobID, in: input)
            let templates = try TemplateSet()
            let all = input.summary.history + input.summary.sessions
            let lastCopy = try #require(all.filter { $0.jobIndex == copy }.max { $0.creationTime < $1.creationTime })
            for format in [OutputFormat.xhtml, .markdown] {
                var builder = ViewBuilder(input: input, format: format)
                let label = format == .xhtml ? "<span class=\"meta copy\">Copy</span>" : "`Copy`"
                // The attention list holds both last runs (each warned): only the copy's is marked.
                let digest = builder.digest()
                #expect(digest.attention.map(\.isCopy).sorted { !$0 && $1 } == [false, true])
                #expect(try templates.render(digest, format: format).components(separatedBy: label).count == 2)
                // Every one of the copy job's eight rows, none of the backup job's.
                let copyPage = try templates.render(builder.jobPage(copy), format: format)
                #expect(copyPage.components(separatedBy: label).count == 1 + 8)
                #expect(!(try templates.render(builder.jobPage(backup), format: format)).contains(label))
                builder.stableSessionPages = true
                let months = builder.jobMonths(copy)
                let month = try templates.render(builder.jobMonthPage(copy, months: months, at: 0), format: format)
                #expect(month.components(separatedBy: label).count == 1 + months[0].ordinals.count)
                // The ticket: its heading and the eight rows of its history.
                let ticket = try templates.render(builder.ticket(lastCopy, redacted: false), format: format)
                #expect(ticket.components(separatedBy: label).count == 1 + 1 + 8)
                let session = try templates.render(builder.sessionPage(lastCopy), format: format)
                #expect(session.contains(label))
            }
        }
    }

    @Test("a session VB365 calls a copy is marked even when its job is not known as a copy job")
    func copyByJobType() async throws {
        try await Self.withInput { whole in
            let copy = try Self.jobIndex(Fixtures.copyJobID, in: whole)
            var input = whole
            input.summary.jobs[copy].isCopyJob = false
            let builder = ViewBuilder(input: input, format: .markdown)
            let rows = builder.jobPage(copy).sessions + builder.jobPage(copy).history
            #expect(!rows.isEmpty && rows.allSatisfy(\.isCopy))
            #expect(builder.jobPage(copy).copyOf == nil)
        }
    }
}
