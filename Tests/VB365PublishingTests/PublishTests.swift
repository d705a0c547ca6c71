import Foundation
import Testing
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365Support
import VB365TestSupport

/// Renders the inputs' report and publishes it to `folder`, as `render` and `site` do.
func publishReport(
    _ inputs: [String], into folder: URL, formats: [OutputFormat] = [.xhtml, .markdown], templates: String? = nil,
    extras: [RenderedPage] = [], reuseUnchanged: Bool = false, incremental: Bool = false, validate: Bool = true
) async throws -> ReportPublisher.Statistics {
    let input = await Fixtures.reportInput(inputs)
    let renderer = ReportRenderer(
        input: input, templates: try TemplateSet(overrides: templates), formats: formats,
        stableSessionPages: incremental)
    return try await ReportPublisher.publish(
        renderer, to: folder.path, workers: 2, validate: validate, extras: extras, reuseUnchanged: reuseUnchanged,
        incremental: incremental)
}

/// Every regular file below `folder` (relative path), sorted.
func publishedFiles(under folder: URL) -> [String] {
    let root = folder.resolvingSymlinksInPath().path
    return (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
        .filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
        .sorted()
}

/// The inode of a file, to tell a linked file from a rewritten one.
func inode(_ url: URL) throws -> UInt64 {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
}

@Suite("Publishing is atomic and never destroys what it should not")
struct PublishTests {
    @Test("a new run replaces the old report whole: no stale page survives")
    func replaces() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            _ = try await publishReport([Fixtures.samples], into: folder)
            try Data("stale".utf8).write(to: folder.appendingPathComponent("sessions/stale.html"))
            _ = try await publishReport([Fixtures.samples], into: folder, formats: [.markdown])
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("sessions/stale.html").path))
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.md").path))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
            #expect(leftovers == ["report"])
        }
    }

    @Test("an invalid page stops the run: nothing is written and the previous report is untouched")
    func invalidPage() async throws {
        try await withTemporaryFolder { root in
            let folder = root.appendingPathComponent("report")
            _ = try await publishReport([Fixtures.samples], into: folder)
            let before = try Data(contentsOf: folder.appendingPathComponent("index.html"))
            let templates = root.appendingPathComponent("templates")
            try Fixtures.write(
                ["session.html.mustache": "{{> head.html}}<body><blink>{{job}}</blink></body></html>"], to: templates)
            do {
                _ = try await publishReport([Fixtures.samples], into: folder, templates: templates.path)
                Issue.record("the invalid template was accepted")
            } catch let error as PublishError {
                let text = error.description
                #expect(text.contains("error: "))
                #expect(text.contains("(template \(templates.path)/session.html.mustache)"))
                #expect(text.contains("is unchanged"))
                // Every session page is invalid (more than 50); the run stops after 20 of them.
                guard case .invalidPages(let pages, _) = error else {
                    Issue.record("not an invalid-page error: \(error)")
                    return
                }
                #expect(pages.count == 20)
                #expect(pages.map(\.path) == pages.map(\.path).sorted())
            }
            #expect(try Data(contentsOf: folder.appendingPathComponent("index.html")) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["report", "templates"])
        }
    }

    @Test("missing folders above the report are created; a file in their place is refused (73)")
    func missingParents() async throws {
        try await withTemporaryFolder { root in
            let folder = root.appendingPathComponent("www/reports/vb365")
            _ = try await publishReport([Fixtures.samples], into: folder, formats: [.markdown])
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.md").path))
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("www/reports").path)
                    == ["vb365"])
            try Data("x".utf8).write(to: root.appendingPathComponent("file"))
            do {
                _ = try await publishReport([Fixtures.samples], into: root.appendingPathComponent("file/report"))
                Issue.record("a report was written below a file")
            } catch let error as PublishError {
                #expect(error.exitStatus == .cannotCreate)
                #expect(error.description.contains("\(root.path)/file: error: cannot write: not a directory"))
            }
        }
    }

    @Test("a folder that vb365-report did not write is never replaced")
    func notOurs() async throws {
        try await withTemporaryFolder { root in
            try Fixtures.write(["home/thesis.txt": "years of work"], to: root)
            do {
                _ = try await publishReport([Fixtures.samples], into: root.appendingPathComponent("home"))
                Issue.record("a foreign folder was replaced")
            } catch let error as PublishError {
                #expect(error.description.contains("will not replace this folder"))
            }
            #expect(
                try String(contentsOf: root.appendingPathComponent("home/thesis.txt"), encoding: .utf8)
                    == "years of work")
        }
    }

    @Test("every page and extra is written once, and the figures count them")
    func statistics() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            let extras = [
                RenderedPage(path: "badges/a.svg", bytes: Array("<svg/>".utf8), template: "badge.svg", format: .xhtml),
                RenderedPage(path: "feed.xml", bytes: Array("<feed/>".utf8), template: "feed.xml", format: .xhtml),
            ]
            let stats = try await publishReport([Fixtures.samples], into: folder, extras: extras)
            let files = publishedFiles(under: folder)
            let pages = files.filter { $0.hasSuffix(".html") || $0.hasSuffix(".md") }
            let sessions = await Fixtures.read([Fixtures.samples]).inventory.sessions.count
            #expect(pages.count == 2 * (2 + 4 + sessions))  // index, infrastructure, 4 jobs, sessions
            #expect(stats.pages == pages.count)
            #expect(stats.xhtmlPages == pages.count / 2)
            #expect(stats.unchanged == 0)
            var bytes = 0
            for page in pages { bytes += try Data(contentsOf: folder.appendingPathComponent(page)).count }
            #expect(stats.bytes == bytes)
            #expect(Set(files) == Set(pages + ["badges/a.svg", "feed.xml", ReportPublisher.marker]))
            // Extras are written as given: an SVG badge is not an XHTML page and is not validated.
            #expect(try Data(contentsOf: folder.appendingPathComponent("badges/a.svg")) == Data("<svg/>".utf8))
            #expect(stats.renderSeconds > 0 && stats.validateSeconds > 0 && stats.writeSeconds > 0)
        }
    }

    @Test("with reuseUnchanged, identical files are linked from the previous report and counted")
    func reuseUnchanged() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            let badge = RenderedPage(
                path: "badges/a.svg", bytes: Array("<svg/>".utf8), template: "badge.svg", format: .xhtml)
            let first = try await publishReport([Fixtures.samples], into: folder, extras: [badge], reuseUnchanged: true)
            #expect(first.unchanged == 0)
            let index = try inode(folder.appendingPathComponent("index.html"))
            let oldBadge = try inode(folder.appendingPathComponent("badges/a.svg"))
            var changed = badge
            changed.bytes = Array("<svg></svg>".utf8)
            let second = try await publishReport(
                [Fixtures.samples], into: folder, extras: [changed], reuseUnchanged: true)
            #expect(second.pages == first.pages)
            #expect(second.unchanged == second.pages)
            #expect(try inode(folder.appendingPathComponent("index.html")) == index)
            #expect(try inode(folder.appendingPathComponent("badges/a.svg")) != oldBadge)
            #expect(try Data(contentsOf: folder.appendingPathComponent("badges/a.svg")) == Data("<svg></svg>".utf8))
        }
    }

    @Test(
        "incremental: an unchanged site's session pages are kept; a damaged manifest, a missing page or unvalidated pages are rendered again"
    )
    func incremental() async throws {
        try await withTemporaryFolder { parent in
            let folder = parent.appendingPathComponent("report")
            let manifest = folder.appendingPathComponent(".vb365/pages.tsv")
            func publish(validate: Bool = true) async throws -> ReportPublisher.Statistics {
                try await publishReport([Fixtures.samples], into: folder, incremental: true, validate: validate)
            }
            let first = try await publish()
            #expect(first.kept == 0)
            // The pages with keys: the sessions', and the month pages of the jobs (`jobs/<job>-2026-11.html`).
            let monthPages = publishedFiles(under: folder).filter {
                $0.hasPrefix("jobs/")
                    && $0.range(of: #"-[0-9]{4}-[0-9]{2}\.(html|md)$"#, options: .regularExpression) != nil
            }.count
            let sessionPages = publishedFiles(under: folder).filter { $0.hasPrefix("sessions/") }.count + monthPages
            #expect(monthPages > 0)
            #expect(sessionPages > monthPages)
            let files = try publishedFiles(under: folder).map {
                try Data(contentsOf: folder.appendingPathComponent($0))
            }
            let recorded = try Data(contentsOf: manifest)
            let lines = String(decoding: recorded, as: UTF8.self).split(separator: "\n")
            #expect(lines.prefix(2) == ["vb365-report pages 1", "validated: yes"])
            #expect(lines.count == 2 + sessionPages)

            let again = try await publish()
            #expect(again.kept == sessionPages)
            #expect(again.xhtmlPages == 0, "neither a kept page nor one rendered to the same bytes is validated again")
            func same() throws {
                #expect(
                    try publishedFiles(under: folder).map { try Data(contentsOf: folder.appendingPathComponent($0)) }
                        == files)
            }
            try same()

            // A manifest this build cannot read is ignored whole.
            for damage in [
                "", "vb365-report pages 2\nvalidated: yes\n", String(decoding: recorded.dropLast(), as: UTF8.self),
            ] {
                try Data(damage.utf8).write(to: manifest)
                #expect(try await publish().kept == 0, "\(damage.prefix(40))")
                try same()
            }
            // A page that went missing is rendered again; the others are kept.
            let page = try #require(publishedFiles(under: folder).first { $0.hasPrefix("sessions/") })
            try FileManager.default.removeItem(at: folder.appendingPathComponent(page))
            #expect(try await publish().kept == sessionPages - 1)
            try same()
            // Pages written without validation are never kept by a run that validates.
            _ = try await publish(validate: false)
            #expect(String(decoding: try Data(contentsOf: manifest), as: UTF8.self).contains("validated: no\n"))
            let validating = try await publish()
            #expect(validating.kept == 0)
            #expect(validating.xhtmlPages > 0)
            try same()
        }
    }

    @Test("a file that cannot be written fails the run with its reason; the previous report stays")
    func writeFailure() async throws {
        try await withTemporaryFolder { root in
            let folder = root.appendingPathComponent("report")
            _ = try await publishReport([Fixtures.samples], into: folder)
            let before = try Data(contentsOf: folder.appendingPathComponent("index.html"))
            // An extra that takes the digest's file name: whichever comes second cannot be created.
            let clash = RenderedPage(path: "index.html", bytes: Array("clash".utf8), template: "clash", format: .xhtml)
            do {
                _ = try await publishReport([Fixtures.samples], into: folder, extras: [clash])
                Issue.record("two files with one name were accepted")
            } catch let error as PublishError {
                #expect(error.description.contains("/index.html: error: cannot write: two pages map to this file name"))
            }
            #expect(try Data(contentsOf: folder.appendingPathComponent("index.html")) == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["report"])
        }
    }
}
