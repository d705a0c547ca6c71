import Foundation
import Testing
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365TestSupport
import VB365Text

/// Renders inputs into a fresh folder, as `render` does.
func renderReport(
    _ inputs: [String], into folder: URL, formats: [OutputFormat] = [.xhtml, .markdown], templates: String? = nil,
    zone: String = "Europe/Berlin"
) async throws -> ReportPublisher.Statistics {
    let input = await Fixtures.reportInput(inputs, zone: zone)
    let renderer = ReportRenderer(input: input, templates: try TemplateSet(overrides: templates), formats: formats)
    return try await ReportPublisher.publish(renderer, to: folder.path, workers: 2)
}

func files(under folder: URL) -> [String] {
    (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
        .filter { !$0.hasSuffix("/") && ($0.hasSuffix(".html") || $0.hasSuffix(".md")) }.sorted()
}

@Suite("The report of the bundled samples")
struct RenderTests {
    @Test("every page is written, valid, and the same bytes on every run")
    func samples() async throws {
        try await withTemporaryFolder { first in
            try await withTemporaryFolder { second in
                let a = first.appendingPathComponent("report")
                let b = second.appendingPathComponent("report")
                let stats = try await renderReport([Fixtures.samples], into: a)
                _ = try await renderReport([Fixtures.samples], into: b)
                let names = files(under: a)
                #expect(names == files(under: b))
                // index, infrastructure, 4 jobs, every session, in two formats.
                let inventory = await Fixtures.read([Fixtures.samples]).inventory
                #expect(names.count == 2 * (2 + 4 + inventory.sessions.count))
                #expect(stats.xhtmlPages == names.count / 2)
                for name in names {
                    let x = try Data(contentsOf: a.appendingPathComponent(name))
                    let y = try Data(contentsOf: b.appendingPathComponent(name))
                    #expect(x == y, "\(name) differs between runs")
                }
            }
        }
    }

    @Test("in UTC: each time once, the end to the second, the footer says UTC; a running session says how long")
    func utcTimes() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            _ = try await renderReport([Fixtures.samples], into: folder, zone: "UTC")
            func page(_ name: String) throws -> String {
                try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            }
            let done = try page("sessions/6d24fcf4-1396-4d86-9285-6b2d519f85da.md")
            #expect(done.contains("| Started | 2026-11-22 22:15:01 UTC |\n"))
            #expect(done.contains("| Ended | 2026-11-22 22:56:26 UTC |\n"))
            #expect(done.contains("Times in UTC."))
            #expect(!done.contains("GMT"))
            let html = try page("sessions/6d24fcf4-1396-4d86-9285-6b2d519f85da.html")
            #expect(html.contains("<td>2026-11-22 22:15:01 UTC</td>"))
            #expect(html.contains("Times in UTC."))
            let running = try page("sessions/7304f67c-bf9e-4352-9b14-1833b8620592.md")
            #expect(running.contains("| Ended | hung: running for 7 h 30 min (usually 10 min) |\n"))
            #expect(!running.contains("still running (still running)"))
            #expect(running.hasPrefix("# ⏳ **Hung** "), "a hang is not shown as running")
            #expect(LocalTime(identifier: "Etc/UTC")!.name == "UTC")
            #expect(LocalTime(identifier: "Europe/London")!.name == "Europe/London")
        }
    }

    @Test("golden pages: the digest, a job and a session, in both formats")
    func golden() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            _ = try await renderReport([Fixtures.samples], into: folder)
            let job = try #require(
                files(under: folder).first { $0.hasPrefix("jobs/sharepoint-onedrive") && $0.hasSuffix(".html") })
            let pages = [
                "index.html", "index.md", job, job.replacingOccurrences(of: ".html", with: ".md"),
                "sessions/6d24fcf4-1396-4d86-9285-6b2d519f85da.html",
                "sessions/6d24fcf4-1396-4d86-9285-6b2d519f85da.md",
                "sessions/28218cbc-4846-4dcf-9d8a-f970396ced36.html",
            ]
            for page in pages {
                let actual = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
                let name = page.replacingOccurrences(of: "/", with: "_")
                let expected = try #require(Fixtures.golden(actual, name), "missing golden \(name)")
                #expect(actual == expected, "\(page) differs from Golden/\(name)")
            }
        }
    }

    @Test("links between pages are relative and every one resolves")
    func links() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            _ = try await renderReport([Fixtures.samples], into: folder)
            for name in files(under: folder) {
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                let pattern = name.hasSuffix(".html") ? "href=\"([^\"]+)\"" : "\\]\\(([^)]+)\\)"
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let link = String(text[Range(match.range(at: 1), in: text)!])
                    if link.hasPrefix("http") { continue }
                    if link.hasPrefix("#") {
                        // A link within the page: its anchor is there (in Markdown, a heading's, as
                        // renderers make it).
                        let anchor = String(link.dropFirst())
                        #expect(
                            text.contains("id=\"\(anchor)\"") || MarkdownAnchor.all(in: text).contains(anchor),
                            "\(name): no anchor \(link)")
                        continue
                    }
                    #expect(!link.hasPrefix("/"), "\(name): absolute link \(link)")
                    let target = folder.appendingPathComponent(name).deletingLastPathComponent().appendingPathComponent(
                        link)
                    #expect(
                        FileManager.default.fileExists(atPath: target.standardizedFileURL.path),
                        "\(name): broken link \(link)")
                }
            }
        }
    }

    @Test("Markdown renders as GitHub renders it: tables stay whole, no user data becomes HTML")
    func markdownWithCmark() async throws {
        try await withTemporaryFolder { folder in
            let name = "Evil | `tick` <script>alert(1)</script> *bold* [link](http://x.example) \\ end\nnext line"
            var escaped = ""
            Escaping.appendJSON(name, to: &escaped)
            try Fixtures.write(
                [
                    "in/jobs.json": #"[{"id": "j1", "name": "\#(escaped)", "schedulePolicy": {"type": "Daily"}}]"#,
                    "in/s.json":
                        #"[{"id": "s1", "jobId": "j1", "creationTime": "2026-11-22T22:00:00Z", "endTime": "2026-11-22T22:10:00Z", "status": "Warning"}]"#,
                    "in/logs/s1.json":
                        #"[{"usn": 1, "title": "[Warning] Item \#(escaped)", "_links": {"jobsessions": {"href": "/v3/jobsessions/s1"}}}]"#,
                    "in/infrastructure/20261122T060000Z-v8-repositories.json":
                        #"{"offset": 0, "limit": 30, "results": [{"id": "r1", "name": "\#(escaped)", "path": "\#(escaped)", "capacityBytes": 100, "freeSpaceBytes": 2, "isOutOfOrder": true, "outOfOrderReason": "\#(escaped)"}]}"#,
                ], to: folder)
            let out = folder.appendingPathComponent("out")
            _ = try await renderReport([folder.appendingPathComponent("in").path], into: out)
            for page in files(under: out) where page.hasSuffix(".md") {
                let markdown = try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8)
                let (status, html, _) = try runProgram(
                    "/usr/bin/cmark-gfm", ["--unsafe", "-e", "table"], stdin: markdown)
                #expect(status == 0)
                #expect(!html.contains("<script"), "\(page)")
                #expect(!html.contains("<strong>bold"), "\(page)")
                #expect(!html.contains("href=\"http://x.example\""), "\(page)")
                #expect(html.contains("Evil | <code>") == false)
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page)")
                // The whole name stays in one table cell or heading: nothing is cut at the pipe.
                #expect(
                    html.contains(
                        "Evil | `tick` &lt;script&gt;alert(1)&lt;/script&gt; *bold* [link](http://x.example) \\ end next line"
                    ), "\(page)")
            }
            for page in files(under: out) where page.hasSuffix(".html") {
                let html = try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8)
                #expect(!html.contains("<script"), "\(page)")
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(page)")
            }
        }
    }

    @Test(
        "the units are the digest, every job and every session, each once, the jobs spread among the sessions, then each organization's protection"
    )
    func units() async throws {
        var input = await Fixtures.reportInput([Fixtures.samples], zone: "UTC")
        let inventory = await Fixtures.read([Fixtures.samples]).inventory
        input.summary.protection = ProtectionSummary.make(
            inventory, sessions: input.summary, settings: .standard,
            period: Fixtures.reportTime.adding(seconds: -7 * 86_400)..<Fixtures.reportTime
        ) { try? ProtectionSnapshotFile.read($0.path).get() }
        let renderer = ReportRenderer(input: input, templates: try TemplateSet(), formats: [.markdown])
        var jobs: [Int] = []
        var sessions: [Int] = []
        var places: [Int] = []
        var protection: [Int] = []
        for index in 0..<renderer.unitCount {
            switch renderer.unit(index) {
            case .digest: #expect(index == 0)
            case .job(let job):
                jobs.append(job)
                places.append(index)
            case .session(let session): sessions.append(session)
            case .protection(let tenant):
                #expect(index >= renderer.unitCount - input.summary.protection.tenants.count)
                protection.append(tenant)
            }
        }
        #expect(!protection.isEmpty && protection == Array(input.summary.protection.tenants.indices))
        #expect(jobs.sorted() == Array(input.summary.jobs.indices))
        #expect(sessions.sorted() == Array(0..<(input.summary.sessions.count + input.summary.history.count)))
        #expect(places.last! > renderer.unitCount / 2, "the jobs are spread, not all first: \(places)")
    }

    @Test("a Markdown job page's session tables have a row per session, as GitHub renders them")
    func markdownRows() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            _ = try await renderReport([Fixtures.samples], into: folder)
            var rows = 0
            for page in files(under: folder) where page.hasPrefix("jobs/") && page.hasSuffix(".md") {
                let markdown = try String(contentsOf: folder.appendingPathComponent(page), encoding: .utf8)
                let links = markdown.components(separatedBy: "](../sessions/").count - 1
                let (status, html, _) = try runProgram("/usr/bin/cmark-gfm", ["-e", "table"], stdin: markdown)
                #expect(status == 0)
                // Rows run into one line would be one row, its extra cells dropped.
                #expect(html.components(separatedBy: "<a href=\"../sessions/").count - 1 == links, "\(page)")
                #expect(html.components(separatedBy: "<tr>").count - 1 >= links, "\(page)")
                rows += links
            }
            #expect(rows > 20)
        }
    }

    @Test("hostile ids and names stay inside the folder; control characters keep pages valid")
    func hostile() async throws {
        try await withTemporaryFolder { folder in
            try Fixtures.write(
                [
                    "in/jobs.json":
                        #"[{"id": "../../../etc/passwd", "name": "Bell\u0007 and \u001b[31mred\u202e txt.exe שלום 🚀", "schedulePolicy": {}}]"#,
                    "in/s.json":
                        #"[{"id": "../../escape", "jobId": "../../../etc/passwd", "creationTime": "2026-11-22T22:00:00Z", "status": "Weird\u0000Status"}]"#,
                ], to: folder)
            let out = folder.appendingPathComponent("out")
            _ = try await renderReport([folder.appendingPathComponent("in").path], into: out)
            let names = files(under: out)
            #expect(names.allSatisfy { !$0.contains("..") })
            #expect(names.contains { $0.hasPrefix("sessions/escape-") })
            #expect(names.contains { $0.hasPrefix("jobs/bell-and-31mred-txt-exe-") })
            let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
            #expect(index.contains("Bell\\u{7} and \\u{1B}[31mred\\u{202E} txt.exe שלום 🚀"))
        }
    }
}
