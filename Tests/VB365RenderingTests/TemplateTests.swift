import Foundation
import Testing
import VB365TestSupport

@testable import VB365Rendering

@Suite("Templates: embedded defaults, known variables, documented variables")
struct TemplateTests {
    static var folder: URL { Fixtures.packageRoot.appendingPathComponent("templates") }

    @Test("the embedded templates are templates/ (run `swift run vb365-dev templates` after editing one)")
    func embeddedInSync() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        var onDisk: [String: String] = [:]
        for file in files {
            onDisk[String(file.dropLast(".mustache".count))] = try String(
                contentsOf: Self.folder.appendingPathComponent(file), encoding: .utf8)
        }
        #expect(onDisk == DefaultTemplates.files)
    }

    @Test("every variable and partial the default templates use exists")
    func noUnknownVariables() throws {
        let findings = TemplateLint.check(try TemplateSet())
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test("a typo in a template is caught")
    func typoIsCaught() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text =
            DefaultTemplates.files["badge.html"]!.replacingOccurrences(of: "{{word}}", with: "{{wrod}}")
            + "{{> nosuchpartial}}"
        try Fixtures.write(["badge.html.mustache": text], to: folder)
        let findings = TemplateLint.check(try TemplateSet(overrides: folder.path)).map(\.description)
        #expect(findings == ["badge.html: unknown variable wrod", "badge.html: unknown partial nosuchpartial"])
    }

    @Test("an override with an unknown name or bad syntax is refused with its file name")
    func badOverrides() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.write(["digets.html.mustache": "x"], to: folder)
        #expect(throws: TemplateError.self) { try TemplateSet(overrides: folder.path) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("digets.html.mustache"))
        try Fixtures.write(["digest.html.mustache": "{{#jobs}}never closed"], to: folder)
        do {
            _ = try TemplateSet(overrides: folder.path)
            Issue.record("no error")
        } catch {
            #expect(error.file.hasSuffix("digest.html.mustache"))
        }
    }

    @Test("docs/templates.md holds the reference generated from the views' documentation (vb365-dev template-docs)")
    func documented() throws {
        let root = Fixtures.packageRoot
        let views = try String(
            contentsOf: root.appendingPathComponent("Sources/VB365Rendering/Views.swift"), encoding: .utf8)
        let docs = try String(contentsOf: root.appendingPathComponent("docs/templates.md"), encoding: .utf8)
        let generated = try TemplateDocs.markdown(viewsSource: views)
        #expect(TemplateDocs.replacing(in: docs, with: generated) == docs, "run: swift run vb365-dev template-docs")
        for name in TemplateLint.vocabulary where name != "." {
            #expect(generated.contains("`\(name)`"), "docs/templates.md does not document \(name)")
        }
    }

    @Test("an undocumented variable is refused by the generator")
    func undocumented() {
        let source = """
            /// Facts every page shows.
            package struct PageView: TemplateView, Sendable {
                package var title: String
            }
            """
        #expect(throws: TemplateDocs.Missing.self) { try TemplateDocs.markdown(viewsSource: source) }
    }
}

@Suite("Text made safe for each format")
struct DisplayTextTests {
    @Test("Markdown escaping keeps table rows whole and prevents markup and HTML")
    func markdown() {
        #expect(DisplayText.markdown("a | b") == "a \\| b")
        #expect(DisplayText.markdown("`x` *y* _z_ [l](u) <b>&") == "\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\<b\\>\\&")
        #expect(DisplayText.markdown("# title") == "\\# title")
        #expect(DisplayText.markdown("a - b") == "a - b")
        #expect(DisplayText.markdown("line 1\r\nline 2\nline 3") == "line 1 line 2 line 3")
    }

    @Test("Markdown escaping of ASCII text (on bytes) is the escaping of the same text on characters")
    func markdownASCII() {
        // A trailing é sends the text down the character path; it escapes nothing itself.
        let texts = [
            "a | b", "`x` *y* _z_ [l](u) <b>&", "# title", "  - item", "+1 = 2", "a - b", "x\\y {z} ~w~",
            "line 1\r\nline 2\nline 3", "-", "", " #", "a\u{7}b",
        ]
        for text in texts {
            #expect(DisplayText.markdown(text) + "é" == DisplayText.markdown(text + "é"), "\(text)")
        }
    }

    @Test("control characters and bidirectional overrides become visible escapes")
    func clean() {
        #expect(DisplayText.clean("a\u{1B}[31mb\u{202E}c\u{0}d\u{FFFF}") == "a\\u{1B}[31mb\\u{202E}c\\u{0}d\\u{FFFF}")
        #expect(DisplayText.clean("Émoji 🚀 שלום") == "Émoji 🚀 שלום")
    }

    @Test("file names are safe and stable")
    func fileNames() {
        #expect(FileNames.slug("../../etc/passwd", fallback: "job") == "etc-passwd")
        #expect(FileNames.slug("🚀🚀", fallback: "job") == "job")
        #expect(FileNames.job(name: "Mail", id: .text("1")) != FileNames.job(name: "Mail", id: .text("2")))
        #expect(FileNames.session(.text("../x")).hasPrefix("sessions/x-"))
        #expect(!FileNames.session(.text("../x")).contains(".."))
    }
}
