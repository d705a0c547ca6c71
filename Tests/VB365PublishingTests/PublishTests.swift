import Foundation
import Testing
import VB365Model
import VB365Publishing
import VB365Reading
import VB365Rendering
import VB365Statistics
import VB365TestSupport

/// Renders the inputs' report and publishes it to `folder`, as `render` and `site` do.
func publishReport(
    _ inputs: [String], into folder: URL, formats: [OutputFormat] = [.xhtml, .markdown], templates: String? = nil
) async throws -> ReportPublisher.Statistics {
    let result = await Fixtures.read(inputs)
    var options = SummaryOptions(now: Timestamp(year: 2026, month: 11, day: 23, hour: 6))
    options.includeHistory = true
    let summary = Summarizer.summarize(result.inventory, options: options)
    let input = ReportInput(
        summary: summary, logItems: result.inventory.logItems, time: LocalTime(identifier: "Europe/Berlin")!,
        toolVersion: "test")
    let renderer = ReportRenderer(input: input, templates: try TemplateSet(overrides: templates), formats: formats)
    return try await ReportPublisher.publish(renderer, to: folder.path, workers: 2)
}

@Suite("Publishing is atomic and never destroys what it should not")
struct PublishTests {
    @Test("a new run replaces the old report whole: no stale page survives")
    func replaces() async throws {
        let folder = try Fixtures.temporaryFolder().appendingPathComponent("report")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        _ = try await publishReport([Fixtures.samples], into: folder)
        try Data("stale".utf8).write(to: folder.appendingPathComponent("sessions/stale.html"))
        _ = try await publishReport([Fixtures.samples], into: folder, formats: [.markdown])
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("sessions/stale.html").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.md").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(leftovers == ["report"])
    }

    @Test("an invalid page stops the run: nothing is written and the previous report is untouched")
    func invalidPage() async throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
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
        }
        #expect(try Data(contentsOf: folder.appendingPathComponent("index.html")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["report", "templates"])
    }

    @Test("a folder that vb365-report did not write is never replaced")
    func notOurs() async throws {
        let root = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Fixtures.write(["home/thesis.txt": "years of work"], to: root)
        do {
            _ = try await publishReport([Fixtures.samples], into: root.appendingPathComponent("home"))
            Issue.record("a foreign folder was replaced")
        } catch let error as PublishError {
            #expect(error.description.contains("will not replace this folder"))
        }
        #expect(
            try String(contentsOf: root.appendingPathComponent("home/thesis.txt"), encoding: .utf8) == "years of work")
    }
}
