import Foundation
import Testing
import VB365Model
import VB365Statistics
import VB365Support
import VB365TestSupport
import XHTMLValidation

@testable import VB365Rendering

/// The objects a session that did not succeed processed (v7+): on its page and in its ticket,
/// failed first, bounded, their names escaped; counted by type on the job page.
@Suite("processed objects in the reports")
struct ProcessedObjectsTests {
    /// A name with markup, a pipe, backticks, Markdown, an RTL override and an emoji.
    static let hostile = "Evil | `tick` <script>alert(1)</script> *bold* \u{202E}txt.exe 🚀"

    /// One failed session `s1` of job `j1` (v7 shapes) that processed four objects: `o1` (a user,
    /// failed, named `hostile`), `o2` (a site, warned, named by its title), `o3` (a group,
    /// failed, no name resolves) and `o4` (a user, succeeded); and an earlier successful session
    /// `s0` whose file lists two failed objects all the same.
    static func write(to folder: URL) throws -> String {
        var escaped = ""
        Escaping.appendJSON(hostile, to: &escaped)
        func object(_ id: String, _ type: String, _ status: String, session: String) -> String {
            #"{"id": "\#(id)", "type": "\#(type)", "status": "\#(status)", "_links": {"self": {"href": "/v7/JobSessions/\#(session)/ProcessedObjects/\#(id)"}, "jobSession": {"href": "/v7/JobSessions/\#(session)"}, "\#(type.lowercased())": {"href": "/v7/Organizations/org1/\#(type)s/\#(id)"}}}"#
        }
        try Fixtures.write(
            [
                "in/jobs.json": #"[{"id": "j1", "name": "Mailboxes", "schedulePolicy": {"type": "Daily"}}]"#,
                "in/s.json": #"""
                [{"id": "s1", "jobId": "j1", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Failed"},
                 {"id": "s0", "jobId": "j1", "creationTime": "2026-11-21T22:00:00Z", "endTime": "2026-11-21T22:10:00Z", "status": "Success"}]
                """#,
                "in/processed/s1.json": "["
                    + [
                        object("o4", "User", "Success", session: "s1"), object("o2", "Site", "Warning", session: "s1"),
                        object("o1", "User", "Failed", session: "s1"), object("o3", "Group", "Failed", session: "s1"),
                    ].joined(separator: ",") + "]",
                "in/processed/s0.json": "["
                    + [object("o1", "User", "Failed", session: "s0"), object("o3", "Group", "Failed", session: "s0")]
                    .joined(separator: ",") + "]",
                "in/processed/objects/o1.json":
                    #"{"id": "o1", "displayName": "\#(escaped)", "_links": {"self": {"href": "/v7/Organizations/org1/Users/o1"}}}"#,
                "in/processed/objects/o2.json":
                    #"{"id": "o2", "url": "https://contoso.sharepoint.com/sites/hr", "name": "HR", "title": "HR", "_links": {"self": {"href": "/v7/Organizations/org1/Sites/o2"}}}"#,
            ], to: folder)
        return folder.appendingPathComponent("in").path
    }

    /// Runs `body` with the report input of `write`, read from a temporary folder (removed afterwards).
    static func withInput<T>(
        _ adjust: (inout ReportInput) -> Void = { _ in }, _ body: (ReportInput) async throws -> T
    ) async throws -> T {
        try await withTemporaryFolder { folder in
            var input = await Fixtures.reportInput([try write(to: folder)], zone: "UTC")
            adjust(&input)
            return try await body(input)
        }
    }

    static func facts(_ id: String, in input: ReportInput) throws -> SessionFacts {
        try #require((input.summary.sessions + input.summary.history).first { $0.id == EntityID(id) })
    }

    @Test("names resolve from the objects' own resources; an object's own name comes first")
    func names() async throws {
        try await Self.withInput { input in
            let objects = try #require(input.processedObjects[EntityID("s1")])
            #expect(objects.map(\.id) == ["o4", "o2", "o1", "o3"])
            #expect(objects.map(\.name) == [nil, "HR", Self.hostile, nil])
            var infrastructure = Infrastructure()
            var own = ProcessedObject(sessionID: EntityID("s"), id: "x")
            own.name = "Own"
            infrastructure.processedObjects[EntityID("s")] = [own, ProcessedObject(sessionID: EntityID("s"), id: "y")]
            infrastructure.objectNames = ["x": "Linked", "y": "Other"]
            #expect(infrastructure.namedProcessedObjects[EntityID("s")]?.map(\.name) == ["Own", "Other"])
        }
    }

    @Test("the session page lists the failed objects, then the warned, with a count by status")
    func sessionPage() async throws {
        try await Self.withInput { input in
            let builder = ViewBuilder(input: input, format: .xhtml)
            let view = try #require(builder.sessionPage(try Self.facts("s1", in: input)).processedObjects)
            #expect(view.counts == "4 objects processed (users, groups, sites, teams): 1 succeeded, 2 failed, 1 warned")
            #expect(view.objects.map(\.badge.word) == ["Failed", "Failed", "Warning"])
            #expect(view.objects.map(\.type) == ["User", "Group", "Site"])
            #expect(view.objects.map(\.nameKnown) == [true, false, true])
            #expect(view.objects[1].name == "o3")
            #expect(view.objects[2].name == "HR")
            #expect(view.more.isEmpty)
            // A session that succeeded shows nothing new, whatever was read for it.
            #expect(builder.sessionPage(try Self.facts("s0", in: input)).processedObjects == nil)
            let templates = try TemplateSet()
            let html = try templates.render(builder.sessionPage(try Self.facts("s1", in: input)), format: .xhtml)
            #expect(html.contains("<h2>Users, groups, sites and teams that failed or warned</h2>"))
            #expect(html.contains("o3 <span class=\"meta\">(name unknown)</span>"))
            let success = try templates.render(builder.sessionPage(try Self.facts("s0", in: input)), format: .xhtml)
            #expect(!success.contains("Objects that failed or warned"))
        }
    }

    @Test("at most --objects-shown objects, and how many more of each status", arguments: [0, 1, 2, 3])
    func bounded(shown: Int) async throws {
        try await Self.withInput({ $0.objectsShown = shown }) { input in
            for format in [OutputFormat.xhtml, .markdown] {
                let builder = ViewBuilder(input: input, format: format)
                let view = try #require(builder.sessionPage(try Self.facts("s1", in: input)).processedObjects)
                #expect(view.objects.count == shown)
                let expected = [
                    0: "and 3 more (2 failed, 1 warned)", 1: "and 2 more (1 failed, 1 warned)",
                    2: "and 1 more (1 warned)",
                    3: "",
                ]
                #expect(view.more == expected[shown])
                let text = try TemplateSet().render(
                    builder.sessionPage(try Self.facts("s1", in: input)), format: format)
                if shown < 3 { #expect(text.contains(expected[shown]!)) } else { #expect(!text.contains("more (")) }
            }
        }
    }

    @Test("hostile names are escaped on the session page and in the ticket, in both formats")
    func hostileNames() async throws {
        try await Self.withInput { input in
            let templates = try TemplateSet()
            let validator = try XHTMLValidator()
            let f = try Self.facts("s1", in: input)
            for format in [OutputFormat.xhtml, .markdown] {
                let builder = ViewBuilder(input: input, format: format)
                let pages = [
                    try templates.render(builder.sessionPage(f), format: format),
                    try templates.render(builder.ticket(f, redacted: false), format: format),
                ]
                for page in pages {
                    #expect(!page.contains("\u{202E}"))
                    if format == .xhtml {
                        #expect(!page.contains("<script"))
                        #expect(validator.validate(Array(page.utf8), name: "page.html").isEmpty)
                        #expect(
                            page.contains(
                                "Evil | `tick` &lt;script&gt;alert(1)&lt;/script&gt; *bold* \\u{202E}txt.exe 🚀"))
                        continue
                    }
                    let (status, html, _) = try runProgram(
                        "/usr/bin/cmark-gfm", ["--unsafe", "-e", "table"], stdin: page)
                    #expect(status == 0)
                    #expect(!html.contains("<script"))
                    #expect(!html.contains("<strong>bold"))
                    // The whole name stays in its table cell: nothing is cut at the pipe.
                    #expect(
                        html.contains(
                            "<td>Evil | `tick` &lt;script&gt;alert(1)&lt;/script&gt; *bold* \\u{202E}txt.exe 🚀</td>"))
                    #expect(html.contains("<td>o3 (name unknown)</td>"))
                }
            }
        }
    }

    @Test("the job page counts the window's failed or warned objects by type, each once")
    func jobPage() async throws {
        try await Self.withInput { input in
            let builder = ViewBuilder(input: input, format: .markdown)
            let index = try Self.facts("s1", in: input).jobIndex
            // s0 is before the window: its objects are not counted.
            #expect(
                builder.jobPage(index).objectProblems
                    == "Failed or warned objects in the window: 1 user, 1 group, 1 site")
            let text = try TemplateSet().render(builder.jobPage(index), format: .markdown)
            #expect(text.contains("\nFailed or warned objects in the window: 1 user, 1 group, 1 site\n"))
            var none = input
            none.processedObjects = [:]
            #expect(ViewBuilder(input: none, format: .markdown).jobPage(index).objectProblems.isEmpty)
        }
    }

    @Test("a session page's key changes with its objects, their names and how many are listed")
    func key() async throws {
        try await Self.withInput { input in
            let f = try Self.facts("s1", in: input)
            let digest = ViewBuilder(input: input, format: .xhtml).sessionDigest(f)
            var renamed = input
            renamed.processedObjects[f.id]![1].name = "HR and Payroll"
            var restated = input
            restated.processedObjects[f.id]![0].status = .warning
            var fewer = input
            fewer.objectsShown = 1
            for changed in [renamed, restated, fewer] {
                #expect(ViewBuilder(input: changed, format: .xhtml).sessionDigest(f) != digest)
            }
            // A session without objects keeps its key whatever the setting.
            let other = try Self.facts("s0", in: input)
            var bare = input
            bare.processedObjects[other.id] = nil
            var bareFewer = bare
            bareFewer.objectsShown = 1
            #expect(
                ViewBuilder(input: bare, format: .xhtml).sessionDigest(other)
                    == ViewBuilder(input: bareFewer, format: .xhtml).sessionDigest(other))
        }
    }
}
